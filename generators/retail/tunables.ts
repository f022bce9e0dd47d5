/**
 * The retail model's fixed tunables, in one place (as dbgen's dss.h holds
 * TPC-H's): what is not a parameter of the dataset but shapes its data.
 * Changing any value here changes every artifact (and the goldens): it is a
 * new dataset version.
 */

/** Shelf prices are set per 56-day block, promotions drawn per 28-day block. */
export const PRICE_BLOCK_DAYS = 56;
export const PROMO_BLOCK_DAYS = 28;
/** Days after the start at which a step trend steps, unless step_date says. */
export const DEFAULT_STEP_OFFSET = 182;

/** Product demand factor: lognormal(mu, sigma) times base_demand. */
export const PRODUCT_DEMAND = { mu: -0.18, sigma: 0.6 } as const;
/** Base price in dollars: lognormal around $6. */
export const BASE_PRICE = { mu: Math.log(6), sigma: 0.7 } as const;
/** A new product launches this many days after the start. */
export const LAUNCH_WINDOW = { min: 0, max: 180 } as const;
/** A discontinued product ends this many days after its launch (or the start). */
export const END_OF_LIFE_AFTER = { min: 120, max: 400 } as const;
/** Store size factor: lognormal(0, sigma). */
export const STORE_SIZE_SIGMA = 0.3;
/** A new store opens this many days after the start. */
export const OPENING_WINDOW = { min: 0, max: 180 } as const;

/** Restocks come every week with this probability, else every other week. */
export const WEEKLY_RESTOCK_PROBABILITY = 0.6;
export const WEEKLY_CYCLE_DAYS = 7;
export const BIWEEKLY_CYCLE_DAYS = 14;
/** A short delivery is 30-70 % of the cycle's expected demand, a normal one 130-160 %. */
export const SHORT_DELIVERY = { from: 0.3, span: 0.4 } as const;
export const FULL_DELIVERY = { from: 1.3, span: 0.3 } as const;
/** A delivery is on order (in the inventory rows) this many days before it arrives. */
export const ON_ORDER_DAYS = 3;

/** The shelf price of a block: the base price moved by up to ±6 %. */
export const REPRICE = { from: 0.94, span: 0.12 } as const;
/** A promotion starts 0-20 days into its block and runs 3-7 days at one of these discounts. */
export const PROMO_START_OFFSET = { min: 0, max: 20 } as const;
export const PROMO_LENGTH_DAYS = { min: 3, max: 7 } as const;
export const DISCOUNTS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4];
export const PROMO_NAMES = ['Weekly Deal', 'Flash Sale', 'Clearance', 'Bundle Offer', 'Seasonal Special', 'Loyalty Bonus'];
/** Shelf prices end in .99, and are at least this many cents. */
export const MIN_PRICE_CENTS = 49;

/**
 * Sub-draw indexes: draw(h, SUB.x) is the x value drawn from one keyed hash
 * h, so that several values of one key stay independent. Renumbering one
 * changes the data.
 */
export const SUB = {
  /** From the product's launch hash. */
  launchDay: 7,
  /** From the product's end-of-life hash. */
  endOfLifeDay: 7,
  /** From the store's opening hash. */
  openingDay: 1,
  /** From the pair's cycle hash: which week a biweekly restock comes. */
  biweeklyPhase: 3,
  /** From the pair's cycle-start cover hash. */
  shortDelivery: 1,
  deliveryAmount: 2,
  /** From the pair's block promotion hash. */
  promoStart: 1,
  promoLength: 2,
  promoDiscount: 3,
  promoName: 4,
  /** From the pair's day anomaly hash: dip or spike. */
  anomalyDirection: 1,
} as const;
