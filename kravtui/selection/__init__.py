"""Selections ("kravspecifikationer"): questionnaire, ticking, snapshots and drift."""
