import 'healthex-connect/react-jsx'; // defines <healthex-connect> and types it in JSX
import type { HealthexConnect } from 'healthex-connect';
import { useRef, useState } from 'react';
import { fetchConnectToken } from './connect-token.js';

export function RecordsPage({ apiBase }: { apiBase: string }) {
  const widget = useRef<HealthexConnect>(null);
  const [state, setState] = useState('checking');
  return (
    <main>
      <h1>Connect your medical records</h1>
      <p data-host-state={state}>Records: {state}</p>
      {/* open() inside the click handler, so the browser allows the HealthEx popup */}
      <button type="button" onClick={() => widget.current?.open()}>Connect with HealthEx</button>
      <healthex-connect
        ref={widget}
        api-base={apiBase}
        tokenProvider={fetchConnectToken}
        className="records-widget"
        onhealthex-status-change={(event) => setState(event.detail.status.state)}
        onhealthex-error={(event) => console.warn('healthex-connect:', event.detail.code)}
      />
    </main>
  );
}
