import type { SslModeDto } from "../../lib/backend";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** True for a server on this machine, where traffic never leaves it. */
export function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOCAL_HOSTS.has(h) || h.startsWith("/") || h.endsWith(".localhost");
}

/**
 * The SSL mode a new connection starts with: `require` for a server elsewhere (the password
 * never crosses a network in clear), `prefer` only on this machine.
 */
export function defaultSslMode(host: string): SslModeDto {
  return isLocalHost(host) ? "prefer" : "require";
}
