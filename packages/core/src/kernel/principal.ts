export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting. Every use case takes one and applies the access policy itself. */
export type Principal =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'user';
      readonly id: string;
      readonly role: Role;
      /** The sign-in session (refresh-token family) the access token belongs to, when it came from one. */
      readonly sessionId?: string;
    }
  | { readonly kind: 'system' };

export const Principals = {
  anonymous: (): Principal => ({ kind: 'anonymous' }),
  user: (id: string, role: Role = 'user'): Principal => ({ kind: 'user', id, role }),
  admin: (id: string): Principal => ({ kind: 'user', id, role: 'admin' }),
  system: (): Principal => ({ kind: 'system' }),
} as const;
