/** Invoice line (BG-25) and its sub-groups. */
import type { DecimalTerm, Identifier, Located, VatCategory } from './common';

/** Invoice line allowance (BG-27) or charge (BG-28). */
export interface LineAllowanceCharge extends Located {
  /** true = charge (BG-28), false = allowance (BG-27); undefined if the indicator is unreadable. */
  isCharge?: boolean;
  /** Line allowance / charge amount (BT-136 / BT-141). */
  amount?: DecimalTerm;
  /** Base amount (BT-137 / BT-142). */
  baseAmount?: DecimalTerm;
  /** Percentage (BT-138 / BT-143). */
  percentage?: DecimalTerm;
  /** Reason text (BT-139 / BT-144). */
  reason?: string;
  /** Reason code (BT-140 / BT-145). */
  reasonCode?: string;
}

/** Invoice line period (BG-26). */
export interface Period extends Located {
  /** Start date (BT-73 / BT-134), ISO yyyy-mm-dd when readable. */
  startDate?: string;
  /** End date (BT-74 / BT-135). */
  endDate?: string;
}

/** Price details (BG-29). */
export interface PriceDetails extends Located {
  /** Item net price (BT-146). */
  netPrice?: DecimalTerm;
  /** Item price discount (BT-147). */
  discount?: DecimalTerm;
  /** Item gross price (BT-148). */
  grossPrice?: DecimalTerm;
  /** Item price base quantity (BT-149). */
  baseQuantity?: DecimalTerm;
  /** Item price base quantity unit of measure (BT-150). */
  baseQuantityUnit?: string;
}

/** Item attribute (BG-32). */
export interface ItemAttribute extends Located {
  /** Item attribute name (BT-160). */
  name?: string;
  /** Item attribute value (BT-161). */
  value?: string;
}

/** Item information (BG-31). */
export interface Item extends Located {
  /** Item name (BT-153). */
  name?: string;
  /** Item description (BT-154). */
  description?: string;
  /** Item Seller's identifier (BT-155). */
  sellerId?: string;
  /** Item Buyer's identifier (BT-156). */
  buyerId?: string;
  /** Item standard identifier (BT-157) with scheme (BT-157-1). */
  standardIds: Identifier[];
  /** Item classification identifiers (BT-158) with list id (BT-158-1). */
  classifications: Identifier[];
  /** Item country of origin (BT-159). */
  originCountry?: string;
  originCountryLoc?: string;
  /** Item attributes (BG-32). */
  attributes: ItemAttribute[];
}

export interface InvoiceLine extends Located {
  /** Invoice line identifier (BT-126). */
  id?: string;
  /** Invoice line note (BT-127). */
  notes: string[];
  /** Invoice line object identifier (BT-128) with scheme. */
  objectId?: Identifier;
  /** Invoiced quantity (BT-129); absent when the element is missing. */
  quantity?: DecimalTerm;
  /** Invoiced quantity unit of measure code (BT-130). */
  unitCode?: string;
  /** Invoice line net amount (BT-131). */
  netAmount?: DecimalTerm;
  /** Referenced purchase order line reference (BT-132). */
  orderLineRefs: string[];
  /** Invoice line Buyer accounting reference (BT-133). */
  accountingRef?: string;
  /** Invoice line period (BG-26); several only in broken documents. */
  periods: Period[];
  /** Invoice line allowances (BG-27) and charges (BG-28). */
  allowanceCharges: LineAllowanceCharge[];
  /** Price details (BG-29). */
  price?: PriceDetails;
  /** Number of gross price discounts present (UBL-SR-37). */
  priceDiscountCount?: number;
  /** Line VAT information (BG-30): all categories given (the VAT one is used). */
  vatCategories: VatCategory[];
  /** Item information (BG-31). */
  item?: Item;
}
