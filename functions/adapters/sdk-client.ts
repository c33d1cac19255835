/** What every SDK client reads from the environment when it is built or first used: where it goes and as whom. */
const SHARED_VARIABLES = ['AWS_REGION', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_PROFILE'] as const;

/**
 * An SDK client for the environment it is used in, created on first use (so the local stack can
 * set the endpoint first): one per value of the variables it was built from, `variables` beside
 * the shared ones. A Lambda container or an operator's CLI has one environment and so one client;
 * a process that runs the CLI under several environments one after the other (the tests, which
 * point a call at a fault proxy) never gets a client that still goes to the endpoint of before.
 */
export function clientPerEnvironment<C>(variables: readonly string[], create: () => C): () => C {
  const clients = new Map<string, C>();
  return () => {
    const key = JSON.stringify([...SHARED_VARIABLES, ...variables].map((name) => process.env[name] ?? null));
    let client = clients.get(key);
    if (!client) {
      client = create();
      clients.set(key, client);
    }
    return client;
  };
}
