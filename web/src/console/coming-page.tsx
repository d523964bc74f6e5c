import { type TextKey, useI18n } from '../lib/i18n.js';

/** A page another part of the product fills in later. */
export function ComingPage({ text }: { text: TextKey }) {
  const { t } = useI18n();
  return (
    <section class="coming" data-testid="coming">
      <h1>{t('coming.title')}</h1>
      <p>{t(text)}</p>
    </section>
  );
}
