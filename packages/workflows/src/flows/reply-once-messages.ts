import type { FlowName } from '@org/orchestrator-contracts';
import type { ReplyKind } from '@org/orchestrator-activities';
import { GREETING } from '@org/orchestrator-thread-kit';
import type { Localized, ReplyLanguage } from '@org/orchestrator-thread-kit';

/**
 * The one automatic reply of {@link replyOnceFlow}: the `unknown` flow's holding reply, and the
 * acknowledgement of threads started before the business flows existed. In English these are the
 * `sendReply` activity's standard texts (`composeReplyText`), word for word.
 */
const REPLY: Localized<{ holding: string; procurement: string; support: string; team: Partial<Record<FlowName, string>> & { unknown: string } }> = {
  en: {
    holding: 'Thank you for your message. It has reached us, and a member of our team will read it and get back to you.',
    procurement: 'Thank you: we have received your purchase request and started working on it. We will write again on this thread.',
    support: 'Thank you for contacting us: we have received your message and are looking into it. We will reply on this thread.',
    team: { procurement: 'Purchasing team', support: 'Customer Support team', unknown: 'Agent Orchestrator' },
  },
  de: {
    holding: 'Vielen Dank für Ihre Nachricht. Sie ist bei uns angekommen; jemand aus unserem Team wird sie lesen und sich bei Ihnen melden.',
    procurement: 'Vielen Dank: Wir haben Ihre Bestellanforderung erhalten und bearbeiten sie. Wir schreiben Ihnen wieder in diesem Verlauf.',
    support: 'Vielen Dank für Ihre Nachricht: Wir haben sie erhalten und kümmern uns darum. Wir antworten Ihnen in diesem Verlauf.',
    team: { procurement: 'Ihr Einkaufsteam', support: 'Ihr Kundenservice-Team', unknown: 'Agent Orchestrator' },
  },
  fr: {
    holding: 'Merci pour votre message. Il nous est bien parvenu ; un membre de notre équipe va le lire et vous répondra.',
    procurement: "Merci : nous avons bien reçu votre demande d'achat et nous la traitons. Nous vous écrirons de nouveau dans cette conversation.",
    support: 'Merci de nous avoir contactés : nous avons bien reçu votre message et nous nous en occupons. Nous vous répondrons dans cette conversation.',
    team: { procurement: "L'équipe des achats", support: "L'équipe du service client", unknown: 'Agent Orchestrator' },
  },
  es: {
    holding: 'Gracias por su mensaje. Lo hemos recibido y una persona de nuestro equipo lo leerá y le responderá.',
    procurement: 'Gracias: hemos recibido su solicitud de compra y ya estamos trabajando en ella. Le escribiremos de nuevo en esta conversación.',
    support: 'Gracias por contactarnos: hemos recibido su mensaje y lo estamos revisando. Le responderemos en esta conversación.',
    team: { procurement: 'El equipo de Compras', support: 'El equipo de Atención al Cliente', unknown: 'Agent Orchestrator' },
  },
};

/** Plain-text body of the automatic reply of `kind`, signed by `flow`'s team, in `language`. */
export function replyOnceText(kind: ReplyKind, flow: FlowName, name: string | undefined, language: ReplyLanguage): string {
  const t = REPLY[language];
  const body = kind === 'holding' ? t.holding : flow === 'procurement' ? t.procurement : t.support;
  return `${GREETING[language](name)}\n\n${body}\n\n${t.team[flow] ?? t.team.unknown}\n`;
}
