/**
 * Seed document 000's tenant flags for `forge build`: `--tenant ID`,
 * `--domain NAME` and `--all-tenants` set the dataset's `tenant` and
 * `domain` parameters. Only datasets that declare those parameters take
 * them; `--all-tenants` excludes the other two, as in the document.
 */
import type { Dataset, Params } from '../core/dataset.ts';
import { ForgeError } from '../errors.ts';
import { type Args, optionGroup } from './options.ts';

export const tenantOptions = optionGroup('tenants (multi-tenant datasets such as exceptions)', {
  tenant: { type: 'string', description: "only this tenant's rows", value: 'ID' },
  domain: { type: 'string', description: "only this domain's tenants", value: 'NAME' },
  'all-tenants': { type: 'boolean', description: 'every tenant, whatever the profile or config file chose (not with --tenant or --domain)' },
});

export function tenantParams({ values }: Args<typeof tenantOptions>, dataset: Dataset): Params {
  const { tenant, domain, 'all-tenants': all } = values;
  if (all && (tenant !== undefined || domain !== undefined))
    throw new ForgeError('USAGE', '--all-tenants cannot be combined with --tenant or --domain', 'give either --tenant ID [--domain NAME] or --all-tenants');
  if (tenant === undefined && domain === undefined && !all) return {};
  const declared = dataset.profiles[dataset.defaultProfile];
  if (!('tenant' in declared) || !('domain' in declared)) {
    throw new ForgeError(
      'USAGE',
      `dataset ${dataset.name} has no tenants to choose from`,
      '--tenant, --domain and --all-tenants are for multi-tenant datasets such as exceptions',
    );
  }
  const out: Params = {};
  if (all) return { tenant: '', domain: '' };
  if (tenant !== undefined) out.tenant = tenant;
  if (domain !== undefined) out.domain = domain;
  return out;
}
