/**
 * Roles of the service. admin: everything; maintainer and operator: configuration management,
 * activation, rollback, module status; submitter: submit invoices and read its tenant's invoices;
 * approver: read its tenant's invoices and approve or reject those awaiting approval; auditor:
 * read-only, audit logs included.
 */
export const ROLES = ['admin', 'maintainer', 'operator', 'submitter', 'approver', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles that act across tenants: with credentials without a tenant they may name any tenant; with
 * credentials bound to a tenant they count only within that tenant (see tenant-binding.ts).
 */
export const PLATFORM_ROLES: readonly Role[] = ['admin', 'maintainer', 'operator'];

/** Roles that may change module configurations (activation, rollback, module status). */
export const CONFIGURATION_WRITERS: readonly Role[] = ['admin', 'maintainer', 'operator'];

/** Roles that may approve or reject an invoice awaiting approval (within their tenant). */
export const INVOICE_APPROVERS: readonly Role[] = ['admin', 'approver'];
