// A server component rendering the React entry itself (it is a client module, 'use client'):
// only strings cross to the browser, and the widget still hydrates and works.
import { HealthexConnect } from 'healthex-connect/react';
import { mintConnectToken } from '../connect-token';

export const dynamic = 'force-dynamic';

export default async function DirectPage() {
  const token = await mintConnectToken('patient-nextjs-direct');
  return (
    <main>
      <h1>Connect your medical records</h1>
      <HealthexConnect apiBase={process.env.HEALTHEX_API_BASE ?? ''} token={token} />
    </main>
  );
}
