import { Field, Label, Paragraph, Select, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

import { VISIBILITIES, type Visibility } from "../lib/visibility";

/** An item's visibility level as a tag. */
export function VisibilityTag({ level }: { level: Visibility }) {
  const { t } = useTranslation();
  return (
    <Tag data-color={level === "workspace" ? "neutral" : level === "public" ? "warning" : "info"} data-size="sm">
      {t(`learning.visibility.${level}`)}
    </Tag>
  );
}

/** A visibility select for a new item, with who will be able to read it. */
export function VisibilityField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Visibility;
  onChange: (level: Visibility) => void;
}) {
  const { t } = useTranslation();
  const descriptionId = `${id}-who`;
  return (
    <Field>
      <Label htmlFor={id}>{t("learning.visibility.label")}</Label>
      <Select
        id={id}
        value={value}
        aria-describedby={descriptionId}
        onChange={(e) => onChange(e.target.value as Visibility)}
      >
        {VISIBILITIES.map((v) => (
          <Select.Option key={v} value={v}>
            {t(`learning.visibility.${v}`)}
          </Select.Option>
        ))}
      </Select>
      <Paragraph data-size="sm" id={descriptionId} className="muted">
        {t(`learning.visibility.who.${value}`)}
      </Paragraph>
    </Field>
  );
}
