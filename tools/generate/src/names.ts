/** The spellings of one name that the templates need, all derived from its kebab-case form. */
export interface Name {
  /** `purchase-order` */
  readonly kebab: string;
  /** `purchaseOrder` */
  readonly camel: string;
  /** `PurchaseOrder` */
  readonly pascal: string;
  /** `purchase_order`: event types, tables and columns */
  readonly snake: string;
  /** `PURCHASE_ORDER` */
  readonly constant: string;
  /** `purchase order`: prose */
  readonly words: string;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;

export function isKebab(input: string): boolean {
  return KEBAB.test(input);
}

export function nameOf(kebab: string): Name {
  if (!isKebab(kebab)) throw new Error(`"${kebab}" must be kebab-case: lower-case words joined by "-", e.g. purchase-orders`);
  const parts = kebab.split('-');
  const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
  return {
    kebab,
    camel: (parts[0] ?? '') + parts.slice(1).map(capital).join(''),
    pascal: parts.map(capital).join(''),
    snake: parts.join('_'),
    constant: parts.join('_').toUpperCase(),
    words: parts.join(' '),
  };
}

/** English plural of the last word: order → orders, category → categories, box → boxes. */
export function pluralOf(kebab: string): string {
  if (/[^aeiou]y$/.test(kebab)) return `${kebab.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(kebab)) return `${kebab}es`;
  return `${kebab}s`;
}

/** The inverse of `pluralOf` for the usual cases; a context named in the singular stays as it is. */
export function singularOf(kebab: string): string {
  if (kebab.endsWith('ies')) return `${kebab.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(kebab)) return kebab.slice(0, -2);
  if (kebab.endsWith('s') && !kebab.endsWith('ss')) return kebab.slice(0, -1);
  return kebab;
}

/** An aggregate and its plural (the collection: table, route, repository property). */
export interface AggregateNames {
  readonly one: Name;
  readonly many: Name;
}

export function aggregateNames(kebab: string): AggregateNames {
  return { one: nameOf(kebab), many: nameOf(pluralOf(kebab)) };
}
