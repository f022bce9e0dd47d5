/**
 * FHIRMapping: a local record ↔ its FHIR resource. Each row maps exactly one
 * record of its own tenant, in the nullable column of its resource type, each
 * column with its composite foreign key; a check ties the type to the column.
 */
import { intIn, Weighted } from '../../../src/core/random.ts';
import { col, defineTable } from '../../../src/core/table.ts';
import { sameTenant, tenantId } from '../keys.ts';
import { MINUTE, type PmsModel } from '../model.ts';
import { hex } from '../safe.ts';
import type { Model } from '../params.ts';

type Resource = 'Organization' | 'Location' | 'Patient' | 'Practitioner' | 'Encounter';
const TARGET: Record<Resource, { column: 'practice_id' | 'location_id' | 'client_id' | 'provider_id' | 'appointment_id'; model: Model }> = {
  Organization: { column: 'practice_id', model: 'practice_profiles' },
  Location: { column: 'location_id', model: 'locations' },
  Patient: { column: 'client_id', model: 'clients' },
  Practitioner: { column: 'provider_id', model: 'providers' },
  Encounter: { column: 'appointment_id', model: 'appointments' },
};
const RESOURCES = new Weighted<Resource>([
  ['Patient', 40],
  ['Encounter', 30],
  ['Practitioner', 15],
  ['Location', 10],
  ['Organization', 5],
]);

export const fhirMapping = defineTable({
  name: 'fhir_mapping',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    tenantId(),
    col.text('resource_type'),
    col.uuid('fhir_id').unique(),
    col.integer('practice_id').nullable(),
    col.integer('location_id').nullable(),
    col.integer('client_id').nullable(),
    col.integer('provider_id').nullable(),
    col.integer('appointment_id').nullable(),
    col.integer('resource_version'),
    col.timestamptz('last_synced_at'),
  ],
  foreignKeys: [
    sameTenant('practice_id', 'practice_profile'),
    sameTenant('location_id', 'location'),
    sameTenant('client_id', 'client'),
    sameTenant('provider_id', 'provider'),
    sameTenant('appointment_id', 'appointment'),
  ],
  checks: {
    resource_type_valid: `resource_type IN (${Object.keys(TARGET)
      .map((r) => `'${r}'`)
      .join(', ')})`,
    ...Object.fromEntries(
      Object.entries(TARGET).map(([r, { column }]) => [`${column}_iff_${r.toLowerCase()}`, `(resource_type = '${r}') = (${column} IS NOT NULL)`]),
    ),
    version_positive: 'resource_version > 0',
  },
});

/** A v4-shaped UUID whose last 12 hex digits are the row id: unique by construction. */
function fhirId(h: number, id: number): string {
  const x = hex(h, 3);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-${'89ab'[parseInt(x[16], 16) & 3]}${x.slice(17, 20)}-${id.toString(16).padStart(12, '0')}`;
}

export function fhirMappingTable(m: PmsModel) {
  const s = (c: string) => m.ctx.stream('fhir_mapping', c);
  return fhirMapping.spec(
    m.groups.fhir_mappings.rows(
      fhirMapping.named((t, _k, i) => {
        const resource = RESOURCES.pick(s('resource_type').at(i));
        const target = TARGET[resource];
        const row = {
          id: i + 1,
          tenant_id: m.tenants[t],
          resource_type: resource,
          fhir_id: fhirId(s('fhir_id').at(i), i + 1),
          resource_version: intIn(s('resource_version').at(i), 1, 12),
          last_synced_at: m.refMs - intIn(s('last_synced_at').at(i), 1, 60 * 24 * 30) * MINUTE,
        };
        return { ...row, [target.column]: m.pickIn(target.model, t, 'fhir_mapping', target.column, i) + 1 };
      }),
    ),
  );
}
