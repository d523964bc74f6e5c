import type { ChannelConfig, ChannelKind } from '../../config/index.js';

/** The parsed config of one channel kind. */
export type ChannelConfigOf<K extends ChannelKind> = Extract<ChannelConfig, { readonly kind: K }>;
