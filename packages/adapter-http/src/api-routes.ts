import type { OpenAPIHono } from '@hono/zod-openapi';
import type { UseCases } from '@hexabill/core';
import type { AppEnv } from './app-env.js';
import { authHandlers } from './auth/auth.handlers.js';
import * as authRoutes from './auth/auth.routes.js';
import type { CursorCodec } from './cursor.js';
import { invoicesHandlers } from './invoices/invoices.handlers.js';
import * as invoiceRoutes from './invoices/invoices.routes.js';
import { usersHandlers } from './users/users.handlers.js';
import * as userRoutes from './users/users.routes.js';

/**
 * Every route under /api/v1, registered in one chain so that the chain's type carries each route's
 * path, method, input and responses: `HexabillApi`, which the typed client (`@hexabill/adapter-http/client`)
 * is made from.
 */
function mountRoutes(app: OpenAPIHono<AppEnv>, useCases: UseCases, cursors: CursorCodec) {
  const users = usersHandlers(useCases, cursors);
  const auth = authHandlers(useCases);
  const invoices = invoicesHandlers(useCases, cursors);
  // hexabill-generate: handlers
  return app
    .openapi(userRoutes.registerUser, users.registerUser)
    .openapi(userRoutes.getMe, users.getMe)
    .openapi(userRoutes.listUsers, users.listUsers)
    .openapi(userRoutes.getUser, users.getUser)
    .openapi(userRoutes.updateUser, users.updateUser)
    .openapi(userRoutes.deleteUser, users.deleteUser)
    .openapi(userRoutes.changePassword, users.changePassword)
    .openapi(userRoutes.changeRole, users.changeRole)
    .openapi(authRoutes.issueToken, auth.issueToken)
    .openapi(authRoutes.refreshToken, auth.refreshToken)
    .openapi(authRoutes.signOut, auth.signOut)
    .openapi(authRoutes.signOutEverywhere, auth.signOutEverywhere)
    .openapi(authRoutes.requestPasswordReset, auth.requestPasswordReset)
    .openapi(authRoutes.confirmPasswordReset, auth.confirmPasswordReset)
    .openapi(invoiceRoutes.createInvoice, invoices.createInvoice)
    .openapi(invoiceRoutes.listInvoices, invoices.listInvoices)
    .openapi(invoiceRoutes.getInvoice, invoices.getInvoice)
    .openapi(invoiceRoutes.requestPayment, invoices.requestPayment);
}

/** The API's routes, as types: what `hc<HexabillApi>()` calls. */
export type HexabillApi = ReturnType<typeof mountRoutes>;

/** Registers every /api/v1 route on `app`. */
export function mountApiRoutes(app: OpenAPIHono<AppEnv>, useCases: UseCases, cursors: CursorCodec): void {
  mountRoutes(app, useCases, cursors);
}
