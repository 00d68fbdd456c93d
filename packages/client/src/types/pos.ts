// POS / cajas (spec §5).
import type { SiteId } from '../sites.ts';
import type { Open } from './common.ts';

export interface CreatePosBody {
  /** Under 45 characters. */
  name: string;
  /** `true` for QR integrations: the buyer pays the amount of the order on the POS. */
  fixed_amount: boolean;
  /** One of store_id / external_store_id. */
  store_id?: string | number;
  external_store_id?: string;
  /** Alphanumeric, under 40 chars, unique per account, immutable: the `external_pos_id` of every QR order. */
  external_id: string;
  /** MCC-style code valid for the site. */
  category?: number;
  /** Legacy unattended model only. */
  url?: string;
}

/** `external_id` cannot be changed. */
export type UpdatePosBody = Partial<Omit<CreatePosBody, 'external_id'>>;

export interface PosQrLinks {
  image: string;
  template_document: string;
  template_image: string;
}

export interface Pos {
  id: number;
  qr: PosQrLinks;
  status?: Open<'active'>;
  date_created: string;
  date_last_updated: string;
  uuid?: string;
  user_id: number;
  name: string;
  fixed_amount: boolean;
  category?: number;
  store_id: string;
  external_store_id?: string;
  external_id?: string;
  url?: string;
  /** GET/PUT only. */
  compatible_id?: string;
  site?: SiteId;
  /** GET/PUT only: the EMVCo payload of the printed static QR. */
  qr_code?: string;
}

export interface PosListParams {
  external_id?: string;
  external_store_id?: string;
  store_id?: string | number;
  category?: number;
  offset?: number;
  limit?: number;
}
