/** Makes process.env exactly `values`: names not in it are removed. */
export function setEnvironment(values: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  for (const [name, value] of Object.entries(values)) if (value !== undefined) process.env[name] = value;
}

/** Remembers process.env as it is now; the returned function puts it back exactly. */
export function keepEnvironment(): () => void {
  const kept = { ...process.env };
  return () => setEnvironment(kept);
}
