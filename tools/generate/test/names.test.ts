import { describe, expect, it } from 'vitest';
import { aggregateNames, nameOf, pluralOf, singularOf } from '../src/names.js';

describe('names', () => {
  it('spells a kebab-case name every way the templates need', () => {
    expect(nameOf('purchase-order')).toEqual({
      kebab: 'purchase-order',
      camel: 'purchaseOrder',
      pascal: 'PurchaseOrder',
      snake: 'purchase_order',
      constant: 'PURCHASE_ORDER',
      words: 'purchase order',
    });
  });

  it('refuses a name that is not kebab-case, saying what it must be', () => {
    for (const bad of ['Orders', 'purchase_orders', '9lives', 'a--b', '', 'orders-']) {
      expect(() => nameOf(bad)).toThrow(/must be kebab-case/);
    }
  });

  it('pluralises and singularises the usual English cases', () => {
    expect(['order', 'category', 'box', 'batch', 'day'].map(pluralOf)).toEqual(['orders', 'categories', 'boxes', 'batches', 'days']);
    expect(['orders', 'categories', 'boxes', 'batches', 'address', 'billing'].map(singularOf)).toEqual([
      'order',
      'category',
      'box',
      'batch',
      'address',
      'billing',
    ]);
    expect(aggregateNames('category').many.camel).toBe('categories');
  });
});
