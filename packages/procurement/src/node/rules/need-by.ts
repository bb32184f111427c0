/**
 * Which of the dates in a purchase request is the date the purchase is needed by. Each date is
 * weighed by what its clause says about it: a deadline word right before it ("by", "bis",
 * "d'ici", "entro", ...) or after it ("at the latest", "spätestens"), an event the purchase is for
 * ("the training on 10 December", "die op 5 januari beginnen"), or words that put it in the past
 * or in someone's absence ("ordered on", "invoice dated", "out of office until"). The strongest
 * wins; among equals, the first. A date before the reference day is never a need-by date.
 */
import type { DateMatch } from '@org/orchestrator-agents';
import { referenceDay } from '@org/orchestrator-agents';

/** A deadline word right before the date (the text before it ends with one). */
const DEADLINE_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?:${[
    String.raw`by|before|until|till|no later than|not later than|latest|at the latest by|needed|need (?:it|them|this)|deadline(?: is)?|due(?: by| on)?|required(?: by| for| on)?|deliver(?:ed|y)?(?: on| by| before)?|arrive(?: by| on| before)?|ready (?:by|for)|in time for|ahead of|prior to`,
    String.raw`bis(?: zum| zur| spätestens)?|spätestens(?: am| bis(?: zum)?)?|vor dem|benötigt(?: am| bis(?: zum)?)?|liefertermin|termin|fällig(?: am)?|rechtzeitig (?:vor|zum)`,
    String.raw`avant(?: le)?|d['’]ici(?: le| à)?|pour le|pour|au plus tard(?: le)?|jusqu['’]au|date limite|livr(?:er|é|ée|és|ées|aison)(?: le| avant le)?`,
    String.raw`antes del?|antes de|para el|para|como muy tarde(?: el)?|a más tardar(?: el)?|hasta el|fecha límite|entrega(?: el)?`,
    String.raw`entro(?: il| lo| la| l['’])?|prima del?|per il|per|non oltre il|al più tardi(?: il)?|scadenza`,
    String.raw`voor|vóór|uiterlijk(?: op)?|ten laatste(?: op)?|nodig (?:op|voor)`,
    String.raw`até(?: ao| à| o| a| dia)?|antes de|para o|no máximo(?: até)?`,
  ].join('|')})\s*:?\s*(?:the\s+|le\s+|el\s+|il\s+|o\s+|dem\s+|den\s+)?$`,
  'iu',
);
/** A deadline word right after the date. */
const DEADLINE_AFTER =
  /^\s*,?\s*(?:at the latest|latest|spätestens|au plus tard|a más tardar|como muy tarde|al più tardi|uiterlijk|op zijn laatst|no máximo)(?![\p{L}])/iu;
/** An event or start the purchase serves, or an expiry, in the date's clause. */
const EVENT = new RegExp(
  String.raw`(?<![\p{L}])(?:${[
    String.raw`meeting|workshop|training|course|audit|inspection|event|fair|conference|launch|roll-?out|go-?live|offsite|visit|opening|presentation|starts?|starting|begins?|beginning|kick-?off|expires?|expiry|renewal`,
    String.raw`messe|schulung|termin|start(?:et)?|beginn(?:t|en)?|besuch|veranstaltung|läuft|abläuft|eröffnung|präsentation`,
    String.raw`formation|réunion|salon|commence|démarre|expire|événement|évènement|visite|lancement|ouverture`,
    String.raw`formación|reunión|feria|empieza|comienza|caduca|vence|evento|visita|inauguración|curso`,
    String.raw`formazione|riunione|fiera|inizia|comincia|scade|evento|visita|corso|inaugurazione`,
    String.raw`training|vergadering|beurs|begint|beginnen|starten|verloopt|evenement|bezoek|opening`,
    String.raw`formação|reunião|feira|começa|começam|vence|expira|evento|visita|curso`,
  ].join('|')})(?![\p{L}])`,
  'iu',
);
/** Words that put the date in the past or on a document: not when the purchase is needed, unless a deadline word says so. */
const PAST = new RegExp(
  String.raw`(?<![\p{L}])(?:${[
    String.raw`ordered|bought|purchased|received|delivered|sent|arrived|shipped|since|last|ago|dated|invoice`,
    String.raw`bestellt|gekauft|geliefert|erhalten|versandt|seit|letzte[nr]?|vom|rechnung`,
    String.raw`commandé|acheté|reçu|livré|envoyé|depuis|dernier|dernière|facture`,
    String.raw`pedido el|comprado|recibido|entregado|enviado|desde|pasado|factura`,
    String.raw`ordinato|acquistato|ricevuto|consegnato|inviato|dal|scorso|fattura`,
    String.raw`besteld|gekocht|ontvangen|geleverd|verzonden|sinds|vorige|factuur`,
    String.raw`encomendado|comprado|recebido|entregue|enviado|desde|passado|fatura`,
  ].join('|')})(?![\p{L}])`,
  'iu',
);
/** Someone's absence: "out of office until 16 March" is not a deadline, whatever word precedes the date. */
const ABSENCE = new RegExp(
  String.raw`(?<![\p{L}])(?:${[
    String.raw`out of (?:the )?office|away|on leave|holidays?|vacation|back on|returning|off from|ooo`,
    String.raw`urlaub|abwesend|zurück|nicht im büro`,
    String.raw`congés?|absente?|de retour|vacances`,
    String.raw`vacaciones|ausente|de vuelta`,
    String.raw`ferie|assente|fuori ufficio`,
    String.raw`vakantie|afwezig|terug`,
    String.raw`férias|ausente|de volta`,
  ].join('|')})(?![\p{L}])`,
  'iu',
);

/** How far back and ahead of a date its clause is read. */
const CLAUSE_CHARS = 60;

/** The clause around a date: back to the previous sentence or line break, forward to the next. */
function clauseAround(text: string, d: DateMatch): { before: string; after: string } {
  const from = Math.max(0, d.index - CLAUSE_CHARS);
  const beforeRaw = text.slice(from, d.index);
  const cut = Math.max(beforeRaw.lastIndexOf('\n'), beforeRaw.search(/[.!?;](?=\s[^.!?;]*$)/));
  const before = cut >= 0 ? beforeRaw.slice(cut + 1) : beforeRaw;
  const afterRaw = text.slice(d.index + d.text.length, d.index + d.text.length + CLAUSE_CHARS);
  const end = afterRaw.search(/\n|[.!?;](?:\s|$)/);
  return { before, after: end >= 0 ? afterRaw.slice(0, end) : afterRaw };
}

/** Days a date without a year may lie ahead before it is read as a past date rolled into next year. */
const YEARLESS_HORIZON_DAYS = 300;
const DAY_MS = 86_400_000;

/** 3: deadline word; 2: event, or a relative date ("in two weeks", "end of month"); 1: a lone date; 0: not a need-by date. */
function weight(text: string, d: DateMatch, ref: Date | null): number {
  const when = Date.parse(d.date);
  if (ref && when < ref.getTime()) return 0;
  if (ref && !/\d{4}/.test(d.text) && /\d/.test(d.text) && when - ref.getTime() > YEARLESS_HORIZON_DAYS * DAY_MS) return 0;
  const { before, after } = clauseAround(text, d);
  if (ABSENCE.test(before)) return 0;
  if (DEADLINE_BEFORE.test(before) || DEADLINE_AFTER.test(after)) return 3;
  if (PAST.test(before) || PAST.test(after)) return 0;
  if (EVENT.test(before) || EVENT.test(after)) return 2;
  if (!/\d/.test(d.text) || /^(in|within|innerhalb|binnen|dans|sous|en|dentro|tra|fra|entro|daqui|em)\b/i.test(d.text)) return 2;
  return 1;
}

/**
 * The need-by date among `dates` (found in `text`), or undefined: the strongest, the first among
 * equals; lone dates count only when there is exactly one.
 */
export function pickNeededBy(text: string, dates: readonly DateMatch[], receivedAt?: string): DateMatch | undefined {
  const ref = referenceDay(receivedAt);
  const weighed = dates.map((d) => ({ d, w: weight(text, d, ref) })).filter((x) => x.w > 0);
  const best = Math.max(0, ...weighed.map((x) => x.w));
  if (best >= 2) return weighed.find((x) => x.w === best)?.d;
  const lone = weighed.filter((x) => x.w === 1);
  return new Set(lone.map((x) => x.d.date)).size === 1 ? lone[0].d : undefined;
}
