/**
 * The rules draft's sentences in the languages customers write in: English, German, French,
 * Spanish. The draft is written in the customer's language (as detected), English otherwise.
 * Knowledge-base excerpts are quoted in the knowledge base's own language.
 */
import type { SupportIntent } from '@org/orchestrator-contracts';

export const DRAFT_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type DraftLanguage = (typeof DRAFT_LANGUAGES)[number];

/** The draft language for a detected ISO 639-1 code: itself when supported, else English. */
export function draftLanguage(detected: string): DraftLanguage {
  return (DRAFT_LANGUAGES as readonly string[]).includes(detected) ? (detected as DraftLanguage) : 'en';
}

export interface DraftTemplate {
  greeting: (name: string | null) => string;
  intro: Record<SupportIntent, string>;
  orderStatus: (id: string, status: string) => string;
  tracking: (carrier: string | null, trackingNumber: string) => string;
  estimatedDelivery: (date: string) => string;
  askOrderNumber: string;
  review: string;
  closing: [string, string];
  thanks: string;
}

export const DRAFT_TEMPLATES: Record<DraftLanguage, DraftTemplate> = {
  en: {
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    intro: {
      'order-status': 'Thank you for your message about your order.',
      'refund-return': 'Thank you for getting in touch about a return.',
      'product-question': 'Thank you for your question.',
      complaint: 'Thank you for telling us, and I am sorry about the trouble this has caused.',
      account: 'Thank you for contacting us about your account.',
    },
    orderStatus: (id, status) => `Your order ${id} is currently "${status}".`,
    tracking: (carrier, n) => `It was handed to ${carrier ?? 'the carrier'} with tracking number ${n}.`,
    estimatedDelivery: (date) => `The estimated delivery date is ${date}.`,
    askOrderNumber: 'Could you send us your order number, so that we can look it up?',
    review: 'A member of our team will review your request and get back to you.',
    closing: ['Kind regards,', 'Customer Support'],
    thanks: 'You are welcome, and thank you for letting us know. If there is anything else we can do for you, just reply to this email.',
  },
  de: {
    greeting: (name) => (name ? `Hallo ${name},` : 'Guten Tag,'),
    intro: {
      'order-status': 'vielen Dank für Ihre Nachricht zu Ihrer Bestellung.',
      'refund-return': 'vielen Dank für Ihre Nachricht zu Ihrer Rücksendung.',
      'product-question': 'vielen Dank für Ihre Frage.',
      complaint: 'vielen Dank für Ihre Nachricht, und es tut mir leid, dass Sie Ärger damit hatten.',
      account: 'vielen Dank für Ihre Nachricht zu Ihrem Kundenkonto.',
    },
    orderStatus: (id, status) => `Ihre Bestellung ${id} hat derzeit den Status "${status}".`,
    tracking: (carrier, n) => `Sie wurde an ${carrier ?? 'den Versanddienstleister'} übergeben, Sendungsnummer ${n}.`,
    estimatedDelivery: (date) => `Voraussichtliches Lieferdatum: ${date}.`,
    askOrderNumber: 'Könnten Sie uns Ihre Bestellnummer schicken, damit wir nachsehen können?',
    review: 'Ein Mitglied unseres Teams prüft Ihr Anliegen und meldet sich bei Ihnen.',
    closing: ['Freundliche Grüße', 'Ihr Kundenservice'],
    thanks: 'gern geschehen, und danke für Ihre Rückmeldung. Wenn wir noch etwas für Sie tun können, antworten Sie einfach auf diese E-Mail.',
  },
  fr: {
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    intro: {
      'order-status': 'Merci pour votre message concernant votre commande.',
      'refund-return': 'Merci de nous avoir contactés au sujet d’un retour.',
      'product-question': 'Merci pour votre question.',
      complaint: 'Merci de nous en avoir informés, et je suis désolé pour les désagréments.',
      account: 'Merci de nous avoir contactés au sujet de votre compte.',
    },
    orderStatus: (id, status) => `Votre commande ${id} est actuellement au statut « ${status} ».`,
    tracking: (carrier, n) => `Elle a été remise à ${carrier ?? 'le transporteur'} avec le numéro de suivi ${n}.`,
    estimatedDelivery: (date) => `La date de livraison estimée est le ${date}.`,
    askOrderNumber: 'Pourriez-vous nous envoyer votre numéro de commande, afin que nous puissions vérifier ?',
    review: 'Un membre de notre équipe va examiner votre demande et reviendra vers vous.',
    closing: ['Cordialement,', 'Le service client'],
    thanks: 'Avec plaisir, et merci pour votre retour. Si nous pouvons faire autre chose pour vous, il suffit de répondre à cet e-mail.',
  },
  es: {
    greeting: (name) => (name ? `Hola ${name}:` : 'Hola:'),
    intro: {
      'order-status': 'Gracias por su mensaje sobre su pedido.',
      'refund-return': 'Gracias por escribirnos sobre una devolución.',
      'product-question': 'Gracias por su pregunta.',
      complaint: 'Gracias por avisarnos, y lamento las molestias que esto le ha causado.',
      account: 'Gracias por escribirnos sobre su cuenta.',
    },
    orderStatus: (id, status) => `Su pedido ${id} está actualmente en estado "${status}".`,
    tracking: (carrier, n) => `Se entregó a ${carrier ?? 'la empresa de transporte'} con el número de seguimiento ${n}.`,
    estimatedDelivery: (date) => `La fecha de entrega estimada es el ${date}.`,
    askOrderNumber: '¿Podría enviarnos su número de pedido para que podamos consultarlo?',
    review: 'Un miembro de nuestro equipo revisará su solicitud y se pondrá en contacto con usted.',
    closing: ['Saludos cordiales,', 'Atención al cliente'],
    thanks: 'De nada, y gracias por su mensaje. Si podemos hacer algo más por usted, basta con responder a este correo.',
  },
};
