import type { EmailMessage } from '@org/orchestrator-contracts';
import { inboxThreadUrl } from '@org/orchestrator-contracts';
import { decisionLinkText, excerpt, GREETING } from '@org/orchestrator-thread-kit';
import type { DecisionLinks, Localized, ReplyLanguage } from '@org/orchestrator-thread-kit';

/** The customer-facing texts in each reply language (agent and approver notices stay English). */
const CUSTOMER: Localized<{ signature: string; refundApproved: (amount: string) => string; registeredAddress: string; closing: string }> = {
  en: {
    signature: 'Customer Support team',
    refundApproved: (amount) => `Good news: your refund of ${amount} has been approved and will be processed in the next few days.`,
    registeredAddress:
      'Thank you for your message. For your security we can only discuss orders, accounts and refunds ' +
      'in emails we can verify as coming from the address registered with us, and we could not verify this one. ' +
      'Please write to us again from your registered email address (not forwarded, and not through a mailing list), ' +
      'and we will be glad to help.',
    closing:
      'We have not heard back from you, so we are closing this conversation. If there is anything else, just reply to this email and we will pick it up again.',
  },
  de: {
    signature: 'Ihr Kundenservice-Team',
    refundApproved: (amount) => `Gute Nachricht: Ihre Erstattung über ${amount} wurde genehmigt und wird in den nächsten Tagen ausgeführt.`,
    registeredAddress:
      'Vielen Dank für Ihre Nachricht. Zu Ihrer Sicherheit besprechen wir Bestellungen, Kundenkonten und Erstattungen nur ' +
      'in E-Mails, die nachweislich von der bei uns hinterlegten Adresse kommen, und diese konnten wir nicht prüfen. ' +
      'Bitte schreiben Sie uns noch einmal von Ihrer registrierten E-Mail-Adresse (nicht weitergeleitet und nicht über eine Mailingliste), ' +
      'dann helfen wir Ihnen gern weiter.',
    closing:
      'Da wir nichts mehr von Ihnen gehört haben, schließen wir diese Anfrage. Wenn Sie noch etwas brauchen, antworten Sie einfach auf diese E-Mail, dann nehmen wir sie wieder auf.',
  },
  fr: {
    signature: "L'équipe du service client",
    refundApproved: (amount) => `Bonne nouvelle : votre remboursement de ${amount} a été approuvé et sera effectué dans les prochains jours.`,
    registeredAddress:
      'Merci pour votre message. Pour votre sécurité, nous ne pouvons parler de commandes, de comptes et de remboursements ' +
      "que dans des e-mails dont nous pouvons vérifier qu'ils viennent de l'adresse enregistrée chez nous, et nous n'avons pas pu vérifier celui-ci. " +
      'Merci de nous écrire à nouveau depuis votre adresse e-mail enregistrée (sans transfert ni liste de diffusion), ' +
      'et nous vous aiderons volontiers.',
    closing: "Sans nouvelles de votre part, nous clôturons cette conversation. S'il y a autre chose, répondez simplement à cet e-mail et nous la reprendrons.",
  },
  es: {
    signature: 'El equipo de Atención al Cliente',
    refundApproved: (amount) => `Buenas noticias: su reembolso de ${amount} ha sido aprobado y se tramitará en los próximos días.`,
    registeredAddress:
      'Gracias por su mensaje. Por su seguridad, solo podemos tratar pedidos, cuentas y reembolsos ' +
      'en correos que podamos verificar que proceden de la dirección registrada con nosotros, y no hemos podido verificar este. ' +
      'Escríbanos de nuevo desde su dirección de correo registrada (sin reenviarlo y no a través de una lista de correo) ' +
      'y le ayudaremos con mucho gusto.',
    closing: 'Como no hemos vuelto a saber de usted, cerramos esta conversación. Si necesita algo más, responda a este correo y la retomaremos.',
  },
};

/** The approved draft (already in the customer's language) with the approval news added. */
export function refundApproved(body: string, amount: string, language: ReplyLanguage): string {
  return `${body.trimEnd()}\n\n${CUSTOMER[language].refundApproved(amount)}`;
}

/**
 * The answer to an unauthenticated sender asking about an order, an account or a refund: no facts,
 * only how to get them (a forged `From:` learns nothing, the real customer learns what to do).
 */
export function writeFromRegisteredAddress(name: string | undefined, language: ReplyLanguage): string {
  const t = CUSTOMER[language];
  return `${GREETING[language](name)}\n\n${t.registeredAddress}\n\n${t.signature}`;
}

export function closingText(name: string | undefined, language: ReplyLanguage): string {
  const t = CUSTOMER[language];
  return `${GREETING[language](name)}\n\n${t.closing}\n\n${t.signature}`;
}

export function agentNotice(input: {
  threadId: string;
  ticketId: string;
  message: EmailMessage;
  reasons: string[];
  draft?: string;
  slaDeadline: string;
  breached?: boolean;
  /** The task inbox's base URL (the loaded flow configuration's `inboxUrl`): the notice links to the thread's page. */
  inboxUrl?: string;
}): { subject: string; text: string } {
  const { threadId, ticketId, message, reasons, draft, slaDeadline, breached, inboxUrl } = input;
  const intro = breached
    ? `The first-response deadline (${slaDeadline}) has passed without an answer: please take over or reassign ticket ${ticketId}.`
    : `Ticket ${ticketId} needs an answer from a person by ${slaDeadline}.`;
  const text =
    `${intro}\n\nWhy it was not answered automatically:\n${reasons.map((r) => `- ${r}`).join('\n') || '- the thread is with a person'}\n\n` +
    `From ${message.from.address}, received ${message.receivedAt}:\n\n${excerpt(message.text, 3000)}\n\n` +
    (draft ? `Suggested draft (not sent):\n\n${draft}\n\n` : '') +
    (inboxUrl
      ? `Answer in the task inbox (the draft is in the editor): ${inboxThreadUrl(inboxUrl, threadId)}\n\nOr with the command line:\n`
      : 'Reply to the customer with:\n') +
    `  orchestrator reply ${threadId} --as <your address> --text "…"\n`;
  return { subject: `${breached ? '[SLA breached] ' : ''}[${ticketId}] ${message.subject}`.slice(0, 998), text };
}

export function refundApprovalText(
  notice: 'request' | 'reminder' | 'escalation',
  input: { threadId: string; customer: string; amount: string; reason: string; orderId?: string; links?: DecisionLinks; policy?: string },
): { subject: string; text: string } {
  const prefix =
    notice === 'request' ? 'Refund approval needed' : notice === 'reminder' ? 'Reminder: refund approval needed' : 'Escalated: refund approval needed';
  const text =
    (notice === 'escalation' ? 'The first approver has not answered, so this refund now comes to you.\n\n' : '') +
    `${input.customer} asks for a refund of ${input.amount}${input.orderId ? ` for order ${input.orderId}` : ''}.\n` +
    `Why approval is needed: ${input.reason}\n${input.policy ?? ''}\n` +
    decisionLinkText(input.links ?? null) +
    `Approve:  orchestrator approve ${input.threadId} --refund --as <your address>\n` +
    `Reject:   orchestrator reject ${input.threadId} --refund --as <your address> --comment "why"\n`;
  return { subject: `[${prefix}] ${input.amount} for ${input.customer}`, text };
}
