
export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  readonly enabled: boolean;
  send(mail: Mail): Promise<void>;
}

/** Sends through SMTP_URL (smtp:// or smtps://); without it, email is off and the UI says so. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) {
    return {
      enabled: false,
      send: async () => {
        throw new Error("email is not configured (SMTP_URL)");
      },
    };
  }
  // Loaded on first use, so that a server without email does not pay for it at start.
  const transport = import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
  return {
    enabled: true,
    send: async (mail) => {
      await (await transport).sendMail({ from, ...mail });
    },
  };
}
