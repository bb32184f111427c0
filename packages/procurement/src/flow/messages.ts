import type { ApprovalState, ProcurementFlowState } from '@org/orchestrator-contracts';
import { decisionLinkText, GREETING, money, policyText } from '@org/orchestrator-thread-kit';
import type { ApprovalNotice, DecisionLinks, Localized, ReplyLanguage } from '@org/orchestrator-thread-kit';
import type { ExtractedRequest, RequestField } from './request';

/**
 * Texts to suppliers and approvers are in the company's language (English): a requester's language
 * says nothing about a supplier's, and one RFQ goes to suppliers of any country. Texts to the
 * requester are in the thread's language (`language`, see ../language.ts).
 */
const SIGNATURE = '\n\nPurchasing team';

/** Why no order was placed. */
type NoOrderOutcome = 'no-quotes' | 'no-eligible-quote' | 'no-suppliers';

/** The requester-facing sentences in each reply language. */
const REQUESTER_TEXTS: Localized<{
  signature: string;
  ask: string;
  reminder: string;
  questions: Record<RequestField, string>;
  pleaseReply: string;
  abandoned: string;
  withdrawn: string;
  ordered: (po: string, supplier: string, amount: string, neededBy: string | null) => string;
  rejected: (approver: string, comment: string | undefined) => string;
  noOrder: (why: string) => string;
  noOrderWhy: Record<NoOrderOutcome, string>;
  followUp: string;
}> = {
  en: {
    signature: 'Purchasing team',
    ask: 'Thank you for your purchase request. Before we can ask suppliers for quotes, we need a few details:',
    reminder: 'A reminder: we still need a few details before we can ask suppliers for quotes.',
    questions: {
      items: 'What exactly should we buy (item and model or specification)?',
      quantity: 'How many of each item do you need?',
      neededBy: 'By which date do you need the delivery (e.g. 2026-12-15)?',
    },
    pleaseReply: 'Please reply to this email.',
    abandoned: 'We did not receive the missing details in time, so we have closed this purchase request. Send a new request whenever you are ready.',
    withdrawn: 'Your purchase request was closed before anything was ordered. Reply to this email if you still need it.',
    ordered: (po, supplier, amount, neededBy) =>
      `Your purchase request has been ordered: purchase order ${po} went to ${supplier} over ${amount}${neededBy ? `, for delivery by ${neededBy}` : ''}. The purchase order is attached.`,
    rejected: (approver, comment) =>
      `Your purchase request was not approved by ${approver}${comment ? `: "${comment}"` : '.'}\n\nReply to this email if you would like to discuss it.`,
    noOrder: (why) => `We could not place your order: ${why}.`,
    noOrderWhy: {
      'no-suppliers': 'we have no supplier in our directory for these items',
      'no-quotes': 'no supplier sent a quote before the deadline',
      'no-eligible-quote': 'none of the quotes meets the request',
    },
    followUp: 'The purchasing team has been told and will follow up with you.',
  },
  de: {
    signature: 'Ihr Einkaufsteam',
    ask: 'Vielen Dank für Ihre Bestellanforderung. Bevor wir Angebote bei Lieferanten einholen können, brauchen wir noch einige Angaben:',
    reminder: 'Eine Erinnerung: Wir brauchen noch einige Angaben, bevor wir Angebote bei Lieferanten einholen können.',
    questions: {
      items: 'Was genau sollen wir kaufen (Artikel und Modell oder Spezifikation)?',
      quantity: 'Wie viele Stück brauchen Sie von jedem Artikel?',
      neededBy: 'Bis zu welchem Datum brauchen Sie die Lieferung (z. B. 2026-12-15)?',
    },
    pleaseReply: 'Bitte antworten Sie auf diese E-Mail.',
    abandoned:
      'Die fehlenden Angaben sind nicht rechtzeitig eingegangen, daher haben wir diese Bestellanforderung geschlossen. Senden Sie gern eine neue Anforderung, sobald Sie so weit sind.',
    withdrawn: 'Ihre Bestellanforderung wurde geschlossen, bevor etwas bestellt wurde. Antworten Sie auf diese E-Mail, falls Sie den Bedarf noch haben.',
    ordered: (po, supplier, amount, neededBy) =>
      `Wir haben Ihre Anforderung bestellt: Die Bestellung ${po} über ${amount} ging an ${supplier}${neededBy ? `, Lieferung bis ${neededBy}` : ''}. Die Bestellung finden Sie im Anhang.`,
    rejected: (approver, comment) =>
      `Ihre Bestellanforderung wurde von ${approver} nicht genehmigt${comment ? `: „${comment}“` : '.'}\n\nAntworten Sie auf diese E-Mail, wenn Sie darüber sprechen möchten.`,
    noOrder: (why) => `Wir konnten Ihre Bestellung nicht aufgeben: ${why}.`,
    noOrderWhy: {
      'no-suppliers': 'In unserem Verzeichnis gibt es keinen Lieferanten für diese Artikel',
      'no-quotes': 'Kein Lieferant hat vor Ablauf der Frist ein Angebot geschickt',
      'no-eligible-quote': 'Keines der Angebote erfüllt die Anforderung',
    },
    followUp: 'Das Einkaufsteam ist informiert und meldet sich bei Ihnen.',
  },
  fr: {
    signature: "L'équipe des achats",
    ask: "Merci pour votre demande d'achat. Avant de pouvoir demander des devis aux fournisseurs, il nous manque quelques informations :",
    reminder: 'Petit rappel : il nous manque encore quelques informations avant de pouvoir demander des devis aux fournisseurs.',
    questions: {
      items: 'Que devons-nous acheter exactement (article et modèle ou spécification) ?',
      quantity: 'Combien vous en faut-il pour chaque article ?',
      neededBy: 'Pour quelle date avez-vous besoin de la livraison (par ex. 2026-12-15) ?',
    },
    pleaseReply: 'Merci de répondre à cet e-mail.',
    abandoned:
      "Nous n'avons pas reçu les informations manquantes à temps, nous avons donc clôturé cette demande d'achat. Envoyez une nouvelle demande dès que vous serez prêt.",
    withdrawn: "Votre demande d'achat a été clôturée avant toute commande. Répondez à cet e-mail si vous en avez toujours besoin.",
    ordered: (po, supplier, amount, neededBy) =>
      `Votre demande d'achat a été commandée : le bon de commande ${po} d'un montant de ${amount} a été envoyé à ${supplier}${neededBy ? `, pour une livraison avant le ${neededBy}` : ''}. Le bon de commande est joint.`,
    rejected: (approver, comment) =>
      `Votre demande d'achat n'a pas été approuvée par ${approver}${comment ? ` : « ${comment} »` : '.'}\n\nRépondez à cet e-mail si vous souhaitez en discuter.`,
    noOrder: (why) => `Nous n'avons pas pu passer votre commande : ${why}.`,
    noOrderWhy: {
      'no-suppliers': "nous n'avons aucun fournisseur pour ces articles dans notre annuaire",
      'no-quotes': "aucun fournisseur n'a envoyé de devis avant la date limite",
      'no-eligible-quote': 'aucun des devis ne répond à la demande',
    },
    followUp: "L'équipe des achats a été informée et reviendra vers vous.",
  },
  es: {
    signature: 'El equipo de Compras',
    ask: 'Gracias por su solicitud de compra. Antes de pedir presupuestos a los proveedores, necesitamos algunos datos:',
    reminder: 'Un recordatorio: todavía necesitamos algunos datos antes de pedir presupuestos a los proveedores.',
    questions: {
      items: '¿Qué debemos comprar exactamente (artículo y modelo o especificación)?',
      quantity: '¿Cuántas unidades necesita de cada artículo?',
      neededBy: '¿Para qué fecha necesita la entrega (p. ej. 2026-12-15)?',
    },
    pleaseReply: 'Por favor, responda a este correo.',
    abandoned: 'No recibimos los datos que faltaban a tiempo, así que hemos cerrado esta solicitud de compra. Envíe una nueva solicitud cuando lo desee.',
    withdrawn: 'Su solicitud de compra se cerró antes de realizar ningún pedido. Responda a este correo si todavía la necesita.',
    ordered: (po, supplier, amount, neededBy) =>
      `Su solicitud de compra se ha pedido: la orden de compra ${po} por ${amount} se envió a ${supplier}${neededBy ? `, con entrega antes del ${neededBy}` : ''}. La orden de compra va adjunta.`,
    rejected: (approver, comment) =>
      `${approver} no ha aprobado su solicitud de compra${comment ? `: «${comment}»` : '.'}\n\nResponda a este correo si desea hablarlo.`,
    noOrder: (why) => `No hemos podido realizar su pedido: ${why}.`,
    noOrderWhy: {
      'no-suppliers': 'no tenemos ningún proveedor para estos artículos en nuestro directorio',
      'no-quotes': 'ningún proveedor envió un presupuesto antes de la fecha límite',
      'no-eligible-quote': 'ninguno de los presupuestos cumple la solicitud',
    },
    followUp: 'El equipo de Compras está informado y se pondrá en contacto con usted.',
  },
};

/** A requester mail: greeting, body, the purchasing team's signature, in `language`. */
function toRequester(language: ReplyLanguage, body: string): string {
  return `${GREETING[language]()}\n\n${body}\n\n${REQUESTER_TEXTS[language].signature}`;
}

function itemLines(request: Pick<ExtractedRequest, 'items'>): string {
  return request.items.map((i) => `- ${i.quantity ?? '?'} ${i.unit ?? 'x'} ${i.name}${i.specification ? ` (${i.specification})` : ''}`).join('\n');
}

const day = (iso: string) => iso.slice(0, 10);

export function askForInformation(missing: RequestField[], reminder: boolean, language: ReplyLanguage): string {
  const t = REQUESTER_TEXTS[language];
  return toRequester(language, `${reminder ? t.reminder : t.ask}\n\n${missing.map((f) => `- ${t.questions[f]}`).join('\n')}\n\n${t.pleaseReply}`);
}

export function requestAbandoned(language: ReplyLanguage): string {
  return toRequester(language, REQUESTER_TEXTS[language].abandoned);
}

export function requestWithdrawn(language: ReplyLanguage): string {
  return toRequester(language, REQUESTER_TEXTS[language].withdrawn);
}

export function rfqText(supplierName: string, request: ExtractedRequest, deadline: string): string {
  return (
    `Dear ${supplierName},\n\nWe would like to receive your quotation for:\n\n${itemLines(request)}\n\n` +
    (request.neededBy ? `Delivery needed by: ${request.neededBy}\n` : '') +
    (request.deliveryLocation ? `Delivery to: ${request.deliveryLocation}\n` : '') +
    `\nPlease reply to this email by ${day(deadline)} with unit prices, the total, currency, lead time and how long the offer is valid. ` +
    'A corrected quote sent as a reply to this email replaces the earlier one. If you cannot quote, a short reply saying so helps us.' +
    SIGNATURE
  );
}

export function rfqReminder(supplierName: string, deadline: string): string {
  return `Dear ${supplierName},\n\nA friendly reminder of our request for quotation below: we are collecting quotes until ${day(deadline)}.${SIGNATURE}`;
}

export function rfqClarification(supplierName: string): string {
  return (
    `Dear ${supplierName},\n\nThank you for your reply. We could not read a complete quote from it: ` +
    'could you reply with the unit price of each item, the total, the currency and the lead time?' +
    SIGNATURE
  );
}

export function approvalText(
  notice: ApprovalNotice,
  state: ProcurementFlowState,
  approval: ApprovalState,
  threadId: string,
  links: DecisionLinks = null,
): { subject: string; text: string } {
  const best = state.comparison?.ranking.find((r) => r.supplierId === state.comparison?.best);
  const supplier = best ? (state.rfqs[best.supplierId]?.supplierName ?? best.supplierId) : 'the chosen supplier';
  const prefix = notice === 'request' ? 'Approval needed' : notice === 'reminder' ? 'Reminder: approval needed' : 'Escalated: approval needed';
  const text =
    `Hello,\n\n` +
    (notice === 'escalation' ? `The first approver has not answered, so this purchase now comes to you.\n\n` : '') +
    `${state.requester} asks to buy:\n\n${itemLines(state.request ?? { items: [] })}\n\n` +
    `Best quote: ${supplier}, ${money(approval.amount, approval.currency)}` +
    (best?.notes.length ? ` (${best.notes.join('; ')})` : '') +
    `\nWhy approval is needed: ${approval.reason}\n` +
    policyText(approval) +
    '\n' +
    decisionLinkText(links) +
    `Approve:  orchestrator approve ${threadId} --as <your address>\n` +
    `Reject:   orchestrator reject ${threadId} --as <your address> --comment "why"\n` +
    SIGNATURE;
  return { subject: `[${prefix}] Purchase of ${money(approval.amount, approval.currency)} from ${supplier}`, text };
}

export function purchaseOrderText(supplierName: string, poNumber: string, total: number, currency: string): string {
  return (
    `Dear ${supplierName},\n\nThank you for your quotation. Please find attached our purchase order ${poNumber} ` +
    `over ${money(total, currency)}. Kindly confirm receipt and the delivery date by replying to this email.${SIGNATURE}`
  );
}

export function requesterConfirmation(
  poNumber: string,
  supplierName: string,
  total: number,
  currency: string,
  neededBy: string | null,
  language: ReplyLanguage,
): string {
  return toRequester(language, REQUESTER_TEXTS[language].ordered(poNumber, supplierName, money(total, currency), neededBy));
}

/** To a supplier who quoted and was not chosen: another won, or (`ordered` false) nothing was ordered. */
export function notSelected(supplierName: string, ordered: boolean): string {
  const outcome = ordered ? 'This time we have placed the order with another supplier' : 'This time we are not placing an order';
  return `Dear ${supplierName},\n\nThank you for your quotation. ${outcome}; we look forward to your offers in future.${SIGNATURE}`;
}

export function requestRejected(approver: string, comment: string | undefined, language: ReplyLanguage): string {
  return toRequester(language, REQUESTER_TEXTS[language].rejected(approver, comment));
}

export function noOrder(outcome: NoOrderOutcome, reasons: string[], language: ReplyLanguage): string {
  const t = REQUESTER_TEXTS[language];
  // The reasons come from the comparison (English, as the company's records are).
  return toRequester(language, `${t.noOrder(t.noOrderWhy[outcome])}${reasons.length ? `\n\n${reasons.map((r) => `- ${r}`).join('\n')}` : ''}\n\n${t.followUp}`);
}
