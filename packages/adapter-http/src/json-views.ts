import type { AccessToken, InvoiceView, Page, UserView } from '@hexabill/core';

/** Use-case views → the API's snake_case JSON. Each builds exactly its schema's fields, nothing more. */

export interface UserJson {
  id: string;
  email: string;
  name: string;
  age: number | null;
  role: UserView['role'];
  created_at: string;
  updated_at: string;
  version: number;
}

export function userJson(user: UserView): UserJson {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    age: user.age,
    role: user.role,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    version: user.version,
  };
}

export interface InvoiceJson {
  id: string;
  user_id: string;
  amount: string;
  currency: InvoiceView['currency'];
  status: InvoiceView['status'];
  created_at: string;
  updated_at: string;
  paid_at: string | null;
  version: number;
}

export function invoiceJson(invoice: InvoiceView): InvoiceJson {
  return {
    id: invoice.id,
    user_id: invoice.userId,
    amount: invoice.amount,
    currency: invoice.currency,
    status: invoice.status,
    created_at: invoice.createdAt.toISOString(),
    updated_at: invoice.updatedAt.toISOString(),
    paid_at: invoice.paidAt?.toISOString() ?? null,
    version: invoice.version,
  };
}

export interface PageJson<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
  total_pages: number;
}

export function pageJson<T, U>(page: Page<T>, item: (value: T) => U): PageJson<U> {
  return { items: page.items.map(item), page: page.page, page_size: page.pageSize, total: page.total, total_pages: page.totalPages };
}

export function tokenJson(token: AccessToken): { access_token: string; token_type: 'Bearer'; expires_in: number } {
  return { access_token: token.accessToken, token_type: token.tokenType, expires_in: token.expiresIn };
}
