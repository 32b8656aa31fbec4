import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";

import { ServerHtml } from "./shared";

export interface ConflictViewProps {
  /** The field's name, e.g. "Plan". */
  label: string;
  /** The text someone else saved (the 409's `current`). */
  theirs: string;
  theirsHtml: string;
  /** The text typed here that was not saved. */
  mine: string;
  onSave: (text: string) => void;
  onUseTheirs: () => void;
  pending?: boolean;
}

/**
 * Someone else saved this text first. Both versions side by side: theirs (read-only, as
 * saved) and ours (editable, to merge into); nothing is overwritten until the person decides.
 */
export function ConflictView({ label, theirs, theirsHtml, mine, onSave, onUseTheirs, pending = false }: ConflictViewProps) {
  const { t } = useTranslation();
  const [merged, setMerged] = useState(mine);
  const headingId = useId();
  const theirsId = useId();
  return (
    <section className="text-conflict" aria-labelledby={headingId} data-testid="conflict-view">
      <Alert data-color="warning" className="notice">
        <Heading level={4} data-size="2xs" id={headingId}>
          {t("learning.conflict.title", { field: label })}
        </Heading>
        <Paragraph>{t("learning.conflict.body")}</Paragraph>
      </Alert>
      <div className="text-conflict__columns">
        <div className="text-conflict__column">
          <Heading level={5} data-size="2xs" id={theirsId}>
            {t("learning.conflict.theirs")}
          </Heading>
          <pre className="text-conflict__text" tabIndex={0} data-testid="conflict-theirs">
            {theirs || t("learning.conflict.emptyText")}
          </pre>
          <details className="text-conflict__preview">
            <summary>{t("learning.conflict.preview")}</summary>
            <ServerHtml html={theirsHtml} empty={t("learning.conflict.emptyText")} />
          </details>
        </div>
        <div className="text-conflict__column">
          <Textfield
            label={t("learning.conflict.mine")}
            description={t("learning.conflict.mineHint")}
            multiline
            rows={10}
            value={merged}
            onChange={(e) => setMerged(e.target.value)}
            data-testid="conflict-mine"
          />
        </div>
      </div>
      <div className="form__actions">
        <Button type="button" onClick={() => onSave(merged)} loading={pending}>
          {t("learning.conflict.saveMine")}
        </Button>
        <Button type="button" variant="secondary" onClick={onUseTheirs}>
          {t("learning.conflict.useTheirs")}
        </Button>
      </div>
    </section>
  );
}
