/**
 * What each product category sells and which brands make it, so that a
 * product's name and brand agree with its category. Categories a config
 * adds that are not here get names made of their own name and neutral brands.
 */

export interface CategoryCatalog {
  /** Relative share of products in the category. */
  weight: number;
  items: readonly string[];
  brands: readonly string[];
  sizes: readonly string[];
}

export const CATALOG: Record<string, CategoryCatalog> = {
  Beverage: {
    weight: 4,
    items: [
      'Cola',
      'Diet Cola',
      'Lemon Soda',
      'Sparkling Water',
      'Still Water',
      'Orange Juice',
      'Apple Juice',
      'Iced Tea',
      'Cold Brew Coffee',
      'Energy Drink',
      'Ginger Ale',
      'Lemonade',
    ],
    brands: ['Brookside', 'FizzCo', 'Clear Springs', 'Sunvale', 'Peak Brew'],
    sizes: ['330 ml', '500 ml', '1 L', '1.5 L', '6 x 330 ml', '12 x 355 ml'],
  },
  Snack: {
    weight: 3,
    items: [
      'Potato Chips',
      'Tortilla Chips',
      'Pretzels',
      'Salted Peanuts',
      'Trail Mix',
      'Granola Bar',
      'Popcorn',
      'Rice Crackers',
      'Chocolate Cookies',
      'Cheese Puffs',
    ],
    brands: ['Crunchwell', 'Harvest Lane', 'Golden Grain', 'Snackery', 'Nutty Co'],
    sizes: ['40 g', '150 g', '200 g', '300 g', 'Family Pack'],
  },
  Dairy: {
    weight: 2,
    items: [
      'Whole Milk',
      'Skimmed Milk',
      'Greek Yogurt',
      'Strawberry Yogurt',
      'Cheddar Cheese',
      'Mozzarella',
      'Salted Butter',
      'Cream Cheese',
      'Cottage Cheese',
      'Double Cream',
    ],
    brands: ['Meadow Farm', 'Alpine Dairy', 'Green Pastures', 'Dairy Gold'],
    sizes: ['250 g', '500 g', '1 L', '2 L', '4 x 125 g'],
  },
  Frozen: {
    weight: 2,
    items: [
      'Margherita Pizza',
      'Vanilla Ice Cream',
      'Mixed Vegetables',
      'Garden Peas',
      'Fish Fingers',
      'Waffles',
      'French Fries',
      'Chicken Nuggets',
      'Berry Mix',
    ],
    brands: ['Polar Kitchen', 'Frostline', 'Iceberg', 'Northwind Foods'],
    sizes: ['400 g', '750 g', '1 kg', '2 kg'],
  },
  Household: {
    weight: 1,
    items: ['Dish Soap', 'Paper Towels', 'Toilet Paper', 'Laundry Detergent', 'Trash Bags', 'All-Purpose Cleaner', 'Sponges', 'Aluminium Foil'],
    brands: ['HomeCare', 'Sparkle', 'CleanPro', 'Everyday Home'],
    sizes: ['500 ml', '1 L', '4 rolls', '12 rolls', '30 count'],
  },
  Gift: {
    weight: 1,
    items: ['Chocolate Box', 'Gift Card', 'Scented Candle Set', 'Cookie Tin', 'Wine Gift Set', 'Tea Sampler'],
    brands: ['Giftory', 'Ribbon & Co', 'Present Perfect'],
    sizes: ['Small', 'Medium', 'Large'],
  },
  Seasonal: {
    weight: 1,
    items: ['Holiday Cookies', 'Eggnog', 'Pumpkin Spice Latte Mix', 'Candy Canes', 'Gingerbread Kit', 'Advent Calendar'],
    brands: ['Festive Kitchen', 'Yuletide', 'Harvest Moon'],
    sizes: ['Small', 'Regular', 'Large'],
  },
};

/** Brands for a category no catalog entry describes. */
export const NEUTRAL_BRANDS = ['Generic', 'Everyday', 'Premium Select', 'Value Line'];
const NEUTRAL_ITEMS = ['Classic', 'Original', 'Select', 'Essentials', 'Deluxe', 'Lite'];
const NEUTRAL_SIZES = ['Small', 'Regular', 'Large'];

export function categoryWeight(category: string): number {
  return CATALOG[category]?.weight ?? 1;
}

/** Items (with the category in the name), brands and sizes of a category. */
export function catalogOf(category: string): CategoryCatalog {
  return CATALOG[category] ?? { weight: 1, items: NEUTRAL_ITEMS.map((i) => `${category} ${i}`), brands: NEUTRAL_BRANDS, sizes: NEUTRAL_SIZES };
}
