// Which fields of the connection form a failure points at, from the typed reason the shell
// sends (never from the message's words).
import type { ConnectionFailureDto, ConnectionSettingsDto } from "../../lib/backend";

export type FormField =
  | "host"
  | "port"
  | "database"
  | "user"
  | "secret"
  | "sslMode"
  | "bucket"
  | "endpoint"
  | "accessKeyId"
  | "useSsl";

const POSTGRES: Record<ConnectionFailureDto, FormField[]> = {
  hostUnreachable: ["host", "port"],
  authFailed: ["user", "secret"],
  databaseMissing: ["database"],
  tlsRequired: ["sslMode"],
  other: [],
};

const S3: Record<ConnectionFailureDto, FormField[]> = {
  hostUnreachable: ["endpoint"],
  authFailed: ["accessKeyId", "secret"],
  databaseMissing: ["bucket"],
  tlsRequired: ["useSsl"],
  other: [],
};

export function failedFields(reason: ConnectionFailureDto, kind: ConnectionSettingsDto["kind"]): FormField[] {
  return (kind === "postgres" ? POSTGRES : S3)[reason];
}
