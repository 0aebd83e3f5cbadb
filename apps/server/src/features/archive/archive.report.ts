import type { ArchiveImportReport } from "@socialplan/schema";

/** The import report as the admin command prints it. */
export function formatReport(r: ArchiveImportReport): string {
  const rows = Object.entries(r.rows).filter(([, n]) => n > 0).map(([t, n]) => `  ${t}: ${n}`);
  const lines = [`Imported "${r.workspace.name}" (${r.workspace.id}): ${Object.values(r.rows).reduce((a, b) => a + b, 0)} rows, ${r.files} files.`, ...rows];
  if (r.usersMatched.length) lines.push(`Members who already had an account here (they keep their password): ${r.usersMatched.join(", ")}`);
  if (r.usersWithoutPassword.length) lines.push(`Accounts made without a password (they use "Forgot password", or run reset-password): ${r.usersWithoutPassword.join(", ")}`);
  if (r.twoFactorDropped.length) lines.push(`Two-factor sign-in to set up again: ${r.twoFactorDropped.join(", ")}`);
  lines.push(r.secretsKept ? "Sealed secrets kept: this instance has the same SECRET_KEY." : "Sealed secrets dropped: this instance's SECRET_KEY differs.");
  if (r.connectionsToReconnect.length) lines.push(`Connections paused until someone connects them again: ${r.connectionsToReconnect.map((c) => `${c.label} (${c.kind})`).join(", ")}`);
  return lines.join("\n");
}
