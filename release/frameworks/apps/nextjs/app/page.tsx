// app/page.tsx — a server component: mints the token on the server, passes strings down.
import { mintConnectToken } from './connect-token';
import { RecordsPanel } from './records-panel';

export const dynamic = 'force-dynamic'; // a fresh token per request

export default async function RecordsPage() {
  // The signed-in patient comes from the host's own session (a fixed user in this app).
  const token = await mintConnectToken('patient-nextjs');
  return (
    <main>
      <h1>Connect your medical records</h1>
      <RecordsPanel apiBase={process.env.HEALTHEX_API_BASE ?? ''} token={token} />
    </main>
  );
}
