/** One structured log entry per line, in the function's own log group. */
export type Log = (entry: Record<string, unknown>) => void;

// Access key IDs; any run of 40 or more base64 characters (a secret key is 40, and a run may be
// glued to a JSON escape such as \u0000); presigned-URL signatures and credentials.
const SECRETS = /(?:AKIA|ASIA)[A-Z0-9]{16}|[A-Za-z0-9/+=]{40,}|X-Amz-(?:Signature|Credential|Security-Token)=[^&\s"]*/g;

/** Masks anything that looks like a credential, so a log line never carries one, whatever the input. */
export function redact(text: string): string {
  return text.replace(SECRETS, '[redacted]');
}

/** Logs an entry as one JSON line, redacted. */
export const jsonLog: Log = (entry) => console.log(redact(JSON.stringify(entry)));
