/** The host back end mints a short-lived connect token for its signed-in user. */
export async function fetchConnectToken(): Promise<string> {
  const response = await fetch('/connect-token', { method: 'POST' });
  if (!response.ok) throw new Error(`connect token: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
