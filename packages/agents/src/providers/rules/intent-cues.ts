/**
 * Weighted keyword cues per intent (English, German, French, Spanish, Italian, Dutch, Portuguese).
 * They are the rules half of the classifier; the naive Bayes model (./intent-model.ts) is the other.
 */
import type { AgentIntent } from '../../tasks/classify-thread';

export type Cue = [RegExp, number];

/** Weighted cues per intent (English, German, French, Spanish). Subject cues count double. */
export const INTENT_CUES: Record<AgentIntent, Cue[]> = {
  'purchase-request': [
    // Requests phrased as questions or without a verb of need: "is it possible to get 4 chairs?", "pls raise a PO".
    [
      /\b(would it be possible|is it possible|could we|can we|can i|could i|shall we)\b[^.?!\n]{0,25}\b(get|buy|order|purchase|book|rent|have)\b|\braise an? (po|purchase order)\b|\bplease order\s*:|\bwe would like to (purchase|buy|order|request|book|send)\b|\bi would like to (request|purchase|order|buy)\b|\b(wäre es möglich|können wir|könnten wir|könnt ihr)\b[^.?!\n]{0,60}\b(bestellen|besorgen|kaufen|beschaffen|buchen)\b|\b(est-ce qu'on pourrait|pourriez-vous|pourrait-on|merci de)\s+(acheter|commander|réserver)\b|\b(podríais|podrían|puedes|podéis)\s+(comprar|pedir|encargar)\b|\bsolicito la compra\b|\b(vorremmo|vorrei) (acquistare|ordinare|comprare)\b|\b(abbiamo|avremmo) bisogno\b|\bkunnen jullie\b[^.?!\n]{0,60}\b(bestellen|kopen)\b|\bhebben we\b[^.?!\n]{0,60}\bnodig\b/i,
      3,
    ],
    [
      /\b(purchase|procurement)\s+(request|requisition)\b|\brequisition\b|\bbeschaffung\b|\bbestellanforderung\b|\bbeschaffungsantrag\b|\bdemande d'achat\b|\bsolicitud de compra\b/i,
      4,
    ],
    [
      /\b(we|i|the team|our team)\s+(urgently\s+)?(need|needs|require|would like to order)\b|\bwe('d| would) need\b|\b(please|could you|can you|kindly)\s+(order|buy|purchase|source|procure)\b|\bneed to (order|buy|purchase)\b/i,
      3,
    ],
    [/\b(wir|ich)\s+(benötigen|brauchen)\b|\b(benötigen|brauchen) wir\b|\bbitte\s+(bestellen|beschaffen)\b|\bnous avons besoin\b|\bnecesitamos\b/i, 3],
    [/\b(budget|kostenrahmen|presupuesto)\b/i, 2],
    [/\b(needed by|deliver(ed|y)? to|ship to|lieferadresse|liefern an|lieferung an|livraison)\b/i, 1],
    [/\b(please |to |and |could you |can you )(order|buy|purchase|procure)\s+(\d+|an?|some|new|more)\b/i, 2],
    [/\bneeds? (a |an )?new\b/i, 1],
    [
      /\b(could|can|shall|should) (we|you|i) (please )?(order|buy|purchase|get|rent|source|arrange)\b|\bwe need to (rent|order|buy|purchase|book)\b|\bbitte\b[^.\n]{0,80}\b(bestellen|beschaffen|besorgen)\b/i,
      3,
    ],
    [/^\s*(?:[-*•]|\d+[.)])\s*\d+\s*(x|×|pcs|pieces|units|boxes|licen[cs]es|stück|stk)?\s*\p{L}/imu, 1],
  ],
  quote: [
    // Prices in sentences: "we can supply the chairs at EUR 289 each", "kostet 24,90 EUR pro Karton".
    [
      /\b(we can (supply|offer|provide|deliver|do)|we('d| would) charge|our (price|offer) (is|for)|the price (is|for)|is billed at|here are our prices|kostet|kosten bei uns|bieten (wir )?ihnen an|voici notre devis|le prix|te paso el precio|le enviamos nuestra cotización|el precio|il prezzo|le proponiamo|hierbij onze offerte|kost €|per stuk|cadauno|cadauna|la unidad|l'unité|pro (stück|kilo|karton|person)|je (rolle|liter|packung|stück)|per (box|pack|case|set|person|day|licen[cs]e|kilo))\b/i,
      3,
    ],
    [
      /\b(unfortunately|regret|we are not in a position|not in a position to quote|sorry we could not|leider|müssen (aber )?leider absagen|au regret|ne distribuons plus|lamentablemente|helaas|purtroppo)\b/i,
      2,
    ],
    [
      /\b(quotation|our (offer|quote)|we (are pleased to|can|hereby) (offer|quote)|please find (below |attached )?our (quote|offer|quotation)|angebot|devis|cotización|offerte)\b/i,
      4,
    ],
    [/\b(unit price|price per (unit|piece)|einzelpreis|stückpreis|prix unitaire|precio unitario)\b/i, 3],
    [/\d\s*(€|eur|usd|gbp|chf|\$|£)?\s*(each|per (unit|piece|pc)|\/\s*(unit|pc|stk))\b|\bwe can do\b/i, 3],
    [/\b(valid (until|till|thru|for|through)|validity|gültig bis|gültigkeit|valable jusqu|offer expires)\b/i, 2],
    [/\b(lead time|lieferzeit|délai de livraison|plazo de entrega)\b/i, 2],
    [/\b(payment terms?|zahlungsbedingungen|conditions de paiement|incoterms?|EXW|DAP|DDP|FCA)\b/i, 2],
    [/\b((re|aw|wg|tr):\s*(rfq|request for quot\w*|anfrage|demande de prix))\b|\brfq\b/i, 2],
    [
      /\b(unable to (quote|offer|supply)|cannot (quote|offer|supply)|can't (quote|offer|supply)|regret to inform|must decline|no longer (stock|carry|produce|manufacture)|leider (nicht|kein)\w*\s+(anbieten|liefern)|nicht anbieten)\b/i,
      3,
    ],
  ],
  'order-status': [
    // A follow-up asking for news ("Hello? Any news about my kettle?") is about where things stand.
    [
      /\bany (news|word) (on|about|regarding)\b|\bgibt es (schon )?(neuigkeiten|etwas neues)\b|\bdes nouvelles (de|concernant)\b|\balguna novedad (sobre|de)\b/i,
      3,
    ],
    [
      /\b(where is my (order|package|parcel|delivery)|order status|tracking( number| link)?|track my|has(n't| not) (arrived|shipped|been (shipped|delivered))|not (yet )?(arrived|received|delivered)|still waiting|when will (it|they|my \w+|the \w+|the order) (arrive|ship|be (shipped|delivered|dispatched|sent))|any news (on|about) (my )?order|wo (ist|bleibt) meine (bestellung|lieferung)|sendungsverfolgung|noch nicht (angekommen|geliefert|erhalten)|où en est ma commande|pas encore reçu|dónde está mi pedido|no he recibido|todavía no)\b/i,
      4,
    ],
    [/\b(delivery|shipping|shipment|dispatch|shipped|lieferung|versand|livraison|envío)\b/i, 1],
    [/\border\s*(no\.?|number|#)?\s*#?[A-Z]?\d{4,}\b/i, 2],
  ],
  'refund-return': [
    [
      /\b(refund|money back|reimburse\w*|return (it|them|the|this|my)|send (it|them) back|return label|exchange (it|for)|rückerstattung|erstattung|zurückschicken|zurücksenden|umtausch|widerruf|remboursement|retourner|devolución|reembolso|devolver)\b/i,
      4,
    ],
    [/\b(returns?|retoure|retour)\b/i, 2],
    [/\b(wrong (size|item|colou?r)|doesn't fit|does not fit|too (small|big|large)|falsche größe|passt nicht)\b/i, 2],
  ],
  'product-question': [
    [
      /\b(is (it|this|the \w+) compatible|compatible with|does (it|the \w+( \w+)?|this \w+) (have|support|work|come|fit|include|last)|can i use|which (size|model|version|one)|what is the difference|how (do|does|can) (i|it|you)|how (many|long|much)\b|is (it|the \w+) (waterproof|available|in stock|suitable)|do you (sell|have|offer|ship)|question about|specifications?|dimensions|ist (es|das|der|die) .{0,20}(kompatibel|geeignet|wasserdicht)|funktioniert (das|es) mit|est-ce que .{0,30}compatible|es compatible)\b/i,
      3,
    ],
    [/\b(frage zu[mr]?|kann man|wie lange|gibt es|question sur|pregunta sobre)\b/i, 3],
    [/\?\s*$/m, 1],
    [/\b(before (i|we) (buy|order)|planning to (buy|order)|considering)\b/i, 2],
  ],
  complaint: [
    // Formal legal notices and threats of legal steps: a complaint, high urgency, a human's job.
    [
      /\b(legal (action|proceedings|steps)|proceedings|solicitors?|lawyers?|attorneys?|county court|court|formal notice|notice before action|letter before (action|claim)|we act on behalf|we are instructed|instructed by|chargeback|trading standards|small claims|ombudsman|(rechts)?anwalt|rechtliche schritte|gericht|klage|anzeige erstatten|erstatte anzeige|mahnung|letztmalig|verbraucherzentrale|mise en demeure|mets en demeure|tribunal|avocat|huissier|poursuites|abogad[oa]|demanda judicial|reclamación ante consumo|avvocato|diffida|tribunale|advocaat|rechter|ingebrekestelling|advogado)\b/i,
      6,
    ],
    [
      /\b((second|third|fourth|fifth|2nd|3rd|4th|5th) (time|email|e-mail|message)|for the (second|third|fourth) time|written (three|four|five|several|multiple) times|(zum|das) (zweiten|dritten|vierten|fünften) mal|(deuxième|troisième|quatrième) fois|(segunda|tercera|cuarta) vez|por última vez|(seconda|terza|quarta) volta|keine antwort|nobody answers|no one answers|nadie responde|nessuno mi ha (ancora )?risposto|personne ne répond)\b/i,
      4,
    ],
    [/\b(kapot|onacceptabel|onbeleefd|deluso|delusa|inaccettabile|decepcionad[oa]|inadmissible|déçue?|rotto|rotta|macchia|torn|smashed|rude)\b/i, 2],
    [
      /\b(complaint|complain|unacceptable|disappointed|disappointing|terrible|horrible|awful|worst|rude|outrageous|ridiculous|fed up|never again|beschwerde|unverschämt|enttäuscht|inakzeptabel|réclamation|inadmissible|déçu|queja|inaceptable)\b/i,
      4,
    ],
    [
      /\b(third time|several times|again and again|no one (has )?(answered|replied|responded)|nobody (answers|replied|responded)|still (broken|not (fixed|resolved)))\b/i,
      2,
    ],
    [/\b(broken|damaged|defective|faulty|stopped working|doesn'?t work|kaputt|beschädigt|defekt|cassé|endommagé|roto|dañado)\b/i, 1],
  ],
  account: [
    [
      /\b(password|log ?in|sign ?in|my account|account (settings|locked|blocked|access)|reset (my )?password|two-factor|2fa|verification code|change (my )?(email|e-mail|address|billing)|delete my (account|data)|gdpr|passwort|kennwort|anmelden|einloggen|mein (konto|kundenkonto)|mot de passe|mon compte|contraseña|mi cuenta)\b/i,
      4,
    ],
    [/\b(username|e-?mail address|profile|newsletter subscription)\b/i, 1],
  ],
  other: [
    // Bulk and automated mail: opt-out links, auto-replies, notices that ask nothing of us.
    [
      /\b(unsubscribe|manage preferences|update your preferences|abmelden|se désabonner|se désinscrire|darse de baja|date de baja|afmelden|annullare l'iscrizione|out of (the )?office|fuera de la oficina|fuori ufficio|nicht im büro|absent du bureau|automated message|automatically generated|automatisch erstellt|do not reply|please do not reply|no action needed|for immediate release|you (are receiving|received) this|vous recevez cet|weekly digest|nieuwsbrief|novedades|webinaire|webinar|sondaggio|kundenumfrage|jornada de puertas abiertas|save the date|kerstborrel|sommerfest|happy birthday|team lunch|backlinks?|guest post|lottery|crypto)\b/i,
      5,
    ],
    [
      /\b(newsletter|webinar|unsubscribe|out of (the )?office|abwesenheitsnotiz|automatic reply|auto-?reply|invitation|einladung|lunch|team event|birthday|congratulations|save the date|seo|backlinks|lottery|you have won|crypto|press release|survey|umfrage|conference|meetup)\b/i,
      3,
    ],
    [/\b(invoice attached|your invoice|rechnung anbei)\b/i, 1],
  ],
};
