/**
 * PHI-safe values by construction (seed document 003's HIPAA measures):
 * e-mails only under `.local`, phone numbers only in 555-0100…0199 (the
 * North American range reserved for fiction), no SSN- or card-shaped value,
 * synthetic dates of birth, and tokens and keys that say they are fake in
 * a shape no secret scanner takes for real material.
 */
import { draw } from '../../src/core/hash.ts';

/** The e-mail domains and phone masks the dataset declares to `forge validate`. */
export const EMAIL_DOMAINS = ['local'];
export const PHONE_MASKS = ['xxx55501xx'];

/** Area codes of real places: the fiction is in the 555-01xx part, not in the area code. */
const AREA_CODES = [212, 312, 415, 503, 617, 702, 808, 919];

/** `(212) 555-0142`: a North American number in the fictional 555-0100…0199 range. */
export function fictionalPhone(h: number): string {
  const area = AREA_CODES[draw(h, 0) % AREA_CODES.length];
  return `(${area}) 555-01${String(draw(h, 1) % 100).padStart(2, '0')}`;
}

/** Lower-case letters only, for the local part of an address. */
export function slug(s: string): string {
  return (
    s
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z]+/g, '') || 'x'
  );
}

/** A tenant id as a host label (`dev_tenant_001` → `dev-tenant-001`). */
export function tenantHost(tenant: string): string {
  return tenant.replace(/_/g, '-');
}

/** `jane.doe.17@dev-tenant-001.pms.local`: unique by the row id, always under .local. */
export function localEmail(first: string, last: string, id: number, tenant: string, kind: string): string {
  return `${slug(first)}.${slug(last)}.${id}@${kind}.${tenantHost(tenant)}.pms.local`;
}

/** Hex from a cell: 8 characters per draw. */
export function hex(h: number, draws: number): string {
  let s = '';
  for (let k = 0; k < draws; k++) s += draw(h, k).toString(16).padStart(8, '0');
  return s;
}

/** Marked as fake in its first characters, with letters so it is never a run of digits. */
export function fakeToken(tenant: string, id: number, h: number): string {
  return `FAKE-TOKEN-not-a-secret.${tenantHost(tenant)}.${id}.${hex(h, 2)}`;
}

/** A reference to a key, never key material: no PEM block, no base64 of 32 bytes. */
export function fakeKeyReference(tenant: string, alias: string): string {
  return `fake-kms://pms/${tenantHost(tenant)}/${alias}`;
}
