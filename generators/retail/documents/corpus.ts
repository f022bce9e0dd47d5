/**
 * The RAG corpus of the retail dataset: store profiles, product sheets,
 * promotion briefs and FAQ pages in markdown, and questions whose answers
 * they cite. Every fact is read from the same rows and model the tables are
 * made from (a product sheet's shelf price is the price_history price of
 * that store on that date; a brief's dates are the promotion's), so the
 * documents agree with the tables by construction. Document i is a pure
 * function of i; the lists it needs are built once, lazily.
 */
import type { Row, TableSpec } from '../../../src/core/dataset.ts';
import { isoFromDay } from '../../../src/core/dates.ts';
import { PRICE_BLOCK_DAYS, PROMO_BLOCK_DAYS, type RetailModel } from '../model.ts';
import { blocksOf, cellId } from '../tables/grain.ts';

export const PROMOTION_BRIEFS = 20;

export interface Doc {
  key: string;
  kind: 'store' | 'product' | 'promotion' | 'faq';
  title: string;
  path: string;
  body: string;
  metadata: Record<string, string | number>;
}

export interface Question {
  question: string;
  answer: string;
  docIndex: number;
}

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/** One row of a counted table (store, product) as its generator makes it. */
function rowOf(spec: TableSpec, i: number): Row {
  let row: Row = [];
  spec.rows.generate(i, i + 1, (r) => (row = r));
  return row;
}

export class Corpus {
  private promos?: { id: number; store: number; product: number; start: number; end: number; discount: number; name: string }[];
  private faqs?: Doc[];

  constructor(
    private readonly model: RetailModel,
    private readonly store: TableSpec,
    private readonly product: TableSpec,
  ) {}

  /** The first promotions in id order (the promotion table's order), at most PROMOTION_BRIEFS. */
  private promotions() {
    if (this.promos) return this.promos;
    const out: NonNullable<Corpus['promos']> = [];
    const blocks = blocksOf(this.model, PROMO_BLOCK_DAYS);
    const done = new Error('enough');
    try {
      blocks.each(0, blocks.units, (b, s, p) => {
        const pr = this.model.promo(s, p, b);
        if (!pr) return;
        out.push({
          id: cellId(this.model, b, s, p),
          store: s,
          product: p,
          start: pr.start,
          end: pr.end,
          discount: pr.discount,
          name: this.model.promoName(s, p, b),
        });
        if (out.length >= PROMOTION_BRIEFS) throw done;
      });
    } catch (e) {
      if (e !== done) throw e;
    }
    return (this.promos = out);
  }

  get count(): number {
    return this.model.stores + this.model.products + this.promotions().length + this.faqPages().length;
  }

  doc(i: number): Doc {
    const { stores, products } = this.model;
    if (i < stores) return this.storeDoc(i);
    if (i < stores + products) return this.productDoc(i - stores);
    const promos = this.promotions();
    if (i < stores + products + promos.length) return this.promotionDoc(i - stores - products);
    return this.faqPages()[i - stores - products - promos.length];
  }

  private storeDoc(s: number): Doc {
    const [id, code, name, region, city, type, opened] = rowOf(this.store, s) as [number, string, string, string, string, string, number];
    let carried = 0;
    for (let p = 0; p < this.model.products; p++) if (this.model.carried(s, p)) carried++;
    const body =
      `# Store ${code}: ${name}\n\n` +
      `- Code: ${code}\n- Region: ${region}\n- City: ${city}\n- Format: ${type}\n- Opened on: ${isoFromDay(opened)}\n- Products carried: ${carried} of ${this.model.products}\n\n` +
      `${name} is a ${type} store in ${city}, in the ${region} region, open since ${isoFromDay(opened)}. It carries ${carried} of the chain's ${this.model.products} products.\n`;
    return {
      key: `store-${code}`,
      kind: 'store',
      title: `Store ${code}: ${name}`,
      path: `documents/stores/${code}.md`,
      body,
      metadata: { store_id: id, code },
    };
  }

  /** Where and at what price the product is on the shelf on the first day: the first store carrying it then. */
  shelfPrice(p: number): { store: number; day: number; cents: number } | undefined {
    const day = this.model.start;
    const block = Math.floor(day / PRICE_BLOCK_DAYS);
    const lo = block * PRICE_BLOCK_DAYS;
    const hi = lo + PRICE_BLOCK_DAYS - 1;
    const launch = this.model.launchDay(p) ?? -Infinity;
    const eol = this.model.endOfLifeDay(p) ?? Infinity;
    if (hi < launch || lo >= eol) return undefined;
    for (let s = 0; s < this.model.stores; s++) if (this.model.carried(s, p)) return { store: s, day, cents: this.model.priceCents(s, p, block) };
    return undefined;
  }

  private productDoc(p: number): Doc {
    const [id, sku, name, category, brand, base, launch, eol] = rowOf(this.product, p) as [
      number,
      string,
      string,
      string,
      string,
      number,
      number | null,
      number | null,
    ];
    const shelf = this.shelfPrice(p);
    const storeCode = shelf ? (rowOf(this.store, shelf.store)[1] as string) : undefined;
    const body =
      `# ${name} (${sku})\n\n` +
      `- SKU: ${sku}\n- Category: ${category}\n- Brand: ${brand}\n- Base price: ${money(Math.round(base * 100))}\n` +
      (launch !== null ? `- Launched on: ${isoFromDay(launch)}\n` : '') +
      (eol !== null ? `- Discontinued on: ${isoFromDay(eol)}\n` : '') +
      (shelf ? `- Shelf price at store ${storeCode} on ${isoFromDay(shelf.day)}: ${money(shelf.cents)}\n` : '') +
      `\n${name} is a ${category.toLowerCase()} product by ${brand}, listed at ${money(Math.round(base * 100))}.\n`;
    const metadata: Doc['metadata'] = { product_id: id, sku };
    if (shelf) Object.assign(metadata, { store_id: shelf.store + 1, date: isoFromDay(shelf.day) });
    return { key: `product-${sku}`, kind: 'product', title: `${name} (${sku})`, path: `documents/products/${sku}.md`, body, metadata };
  }

  private promotionDoc(k: number): Doc {
    const pr = this.promotions()[k];
    const code = rowOf(this.store, pr.store)[1] as string;
    const [, sku, name] = rowOf(this.product, pr.product) as [number, string, string];
    const pct = Math.round(pr.discount * 100);
    const body =
      `# ${pr.name}: ${pct} % off ${name} at store ${code}\n\n` +
      `- Promotion id: ${pr.id}\n- Store: ${code}\n- Product: ${name} (${sku})\n- Discount: ${pct} %\n- Starts: ${isoFromDay(pr.start)}\n- Ends: ${isoFromDay(pr.end)}\n\n` +
      `From ${isoFromDay(pr.start)} to ${isoFromDay(pr.end)}, store ${code} sells ${name} at ${pct} % off (${pr.name}).\n`;
    return {
      key: `promotion-${pr.id}`,
      kind: 'promotion',
      title: `${pr.name}: ${name} at ${code}`,
      path: `documents/promotions/${pr.id}.md`,
      body,
      metadata: { promotion_id: pr.id, store_id: pr.store + 1, product_id: pr.product + 1 },
    };
  }

  faqPages(): Doc[] {
    if (this.faqs) return this.faqs;
    const m = this.model;
    const holidays: string[] = [];
    for (let d = m.start; d <= m.end && holidays.length < 60; d++) {
      const h = m.holidayName(d);
      if (h) holidays.push(`- ${isoFromDay(d)}: ${h}`);
    }
    const regions = new Map<string, string[]>();
    for (let s = 0; s < Math.min(m.stores, 500); s++) {
      const [, code, , region] = rowOf(this.store, s) as string[];
      regions.set(region, [...(regions.get(region) ?? []), code]);
    }
    const categories = new Map<string, number>();
    for (let p = 0; p < Math.min(m.products, 5000); p++) {
      const category = rowOf(this.product, p)[3] as string;
      categories.set(category, (categories.get(category) ?? 0) + 1);
    }
    const page = (key: string, title: string, body: string): Doc => ({
      key: `faq-${key}`,
      kind: 'faq',
      title,
      path: `documents/faq/${key}.md`,
      body: `# ${title}\n\n${body}`,
      metadata: { topic: key },
    });
    return (this.faqs = [
      page('holidays', 'Which holidays does the calendar mark?', holidays.length ? `${holidays.join('\n')}\n` : 'No holidays fall in the date range.\n'),
      page(
        'regions',
        'In which regions are the stores?',
        [...regions]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([r, codes]) => `- ${r}: ${codes.length} store(s): ${codes.join(', ')}`)
          .join('\n') + '\n',
      ),
      page(
        'categories',
        'Which product categories are there?',
        [...categories]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([c, n]) => `- ${c}: ${n} product(s)`)
          .join('\n') + '\n',
      ),
      page(
        'coverage',
        'What period and how many stores and products does the data cover?',
        `Sales, inventory, prices and promotions run from ${m.params.startDate} to ${m.params.endDate}, for ${m.stores} stores and ${m.products} products.\n`,
      ),
    ]);
  }

  /** Questions whose answers are in one document each (its citation). */
  questions(): Question[] {
    const m = this.model;
    const out: Question[] = [];
    const stores = Math.min(3, m.stores);
    for (let s = 0; s < stores; s++) {
      const [, code, , region] = rowOf(this.store, s) as string[];
      out.push({ question: `In which region is store ${code}?`, answer: region, docIndex: s });
    }
    for (let p = 0; p < Math.min(3, m.products); p++) {
      const [, sku, name, , , base] = rowOf(this.product, p) as [number, string, string, string, string, number];
      out.push({ question: `What is the base price of ${name} (${sku})?`, answer: money(Math.round(base * 100)), docIndex: m.stores + p });
      const shelf = this.shelfPrice(p);
      if (shelf) {
        const code = rowOf(this.store, shelf.store)[1] as string;
        out.push({
          question: `What was the shelf price of ${sku} at store ${code} on ${isoFromDay(shelf.day)}?`,
          answer: money(shelf.cents),
          docIndex: m.stores + p,
        });
      }
    }
    this.promotions()
      .slice(0, 3)
      .forEach((pr, k) => {
        const code = rowOf(this.store, pr.store)[1] as string;
        const sku = rowOf(this.product, pr.product)[1] as string;
        out.push({
          question: `When does the ${pr.name} promotion on ${sku} at store ${code} end?`,
          answer: isoFromDay(pr.end),
          docIndex: m.stores + m.products + k,
        });
      });
    const faqStart = m.stores + m.products + this.promotions().length;
    for (let d = m.start; d <= m.end; d++) {
      const h = m.holidayName(d);
      if (!h) continue;
      out.push({ question: `Which holiday falls on ${isoFromDay(d)}?`, answer: h, docIndex: faqStart });
      break;
    }
    return out;
  }
}
