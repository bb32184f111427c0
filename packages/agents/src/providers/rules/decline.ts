/**
 * A supplier saying no, in the languages the rules read. The thread classification uses it (a reply
 * without prices is still a quote when it declines) and so do the procurement flow's quote rules.
 */
export const DECLINE =
  /\b(unable to (quote|offer|supply|deliver|provide)|(cannot|can't|can not) (quote|offer|supply|provide|deliver)|not (be )?able to (quote|offer|supply|provide)|regret to inform|must (respectfully )?decline|kein(en)? angebot|no (offer|quote) (is )?possible|(have to|will have to|must) pass|no longer (stock|carry|produce|manufacture|supply|available)|discontinued|out of stock|not in our (range|portfolio)|leider (nicht|kein\w*)|nicht (anbieten|liefern)|pas en mesure|ne pouvons (donc )?pas|no podemos|(leider|aber leider) absagen|müssen (aber )?leider absagen|geen offerte|kunnen (wij|we) (u )?geen|non (possiamo|siamo in grado)|not in a position to (quote|offer|supply)|no equivalent|sold out|ausgebucht|ne distribuons plus|au regret|cannot quote|lamentablemente no)\b/i;
