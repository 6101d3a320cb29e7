// app/records-panel.tsx — the 'use client' boundary: handlers and refs live here.
'use client';
import type { HealthexConnect as HealthexConnectElement } from 'healthex-connect';
import { HealthexConnect } from 'healthex-connect/react';
import { useRef, useState } from 'react';

export function RecordsPanel({ apiBase, token }: { apiBase: string; token: string }) {
  const widget = useRef<HealthexConnectElement>(null);
  const [state, setState] = useState('checking');
  return (
    <>
      <p data-host-state={state}>Records: {state}</p>
      <button type="button" onClick={() => widget.current?.open()}>Connect with HealthEx</button>
      <HealthexConnect
        ref={widget}
        apiBase={apiBase}
        token={token}
        onStatusChange={(event) => setState(event.detail.status.state)}
        onError={(event) => console.warn('healthex-connect:', event.detail.code)}
      />
    </>
  );
}
