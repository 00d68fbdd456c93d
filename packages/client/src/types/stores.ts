// Stores (spec §4).

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

/** 24 h `"HH:MM"`. */
export interface OpeningInterval {
  open: string;
  close: string;
}

export type BusinessHours = Partial<Record<Weekday, OpeningInterval[]>>;

export interface StoreLocationInput {
  street_number: string;
  street_name: string;
  city_name: string;
  state_name: string;
  latitude: number;
  longitude: number;
  reference?: string;
  zip_code?: string;
}

export interface CreateStoreBody {
  name: string;
  /** Integrator's id, unique per account, alphanumeric, up to 60 chars; POS link to it by `external_store_id`. */
  external_id?: string;
  business_hours?: BusinessHours;
  location: StoreLocationInput;
}

export type UpdateStoreBody = Partial<Omit<CreateStoreBody, 'location'>> & { location?: Partial<StoreLocationInput> };

export interface Store {
  /** Numeric string. */
  id: string;
  name: string;
  date_created?: string;
  business_hours?: BusinessHours;
  /** MP composes `address_line`; the street fields are not echoed back. */
  location: { address_line: string; latitude: number; longitude: number; reference?: string; [k: string]: unknown };
  external_id?: string;
}

export interface StoreSearchParams {
  external_id?: string;
  offset?: number;
  limit?: number;
}

/** `DELETE /users/{user_id}/stores/{id}`. */
export interface DeletedStore {
  store: number;
  user: number;
}
