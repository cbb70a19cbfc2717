"""The market dialogue ("markedsdialog"): vendors' answers to a selection, the officer's
assessments and the chosen vendor. No file formats here (they are in `kravtui.interchange`),
no Click or Textual."""
