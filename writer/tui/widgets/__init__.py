"""Widgets of the draft screen: the editor, the outline and the findings panel."""
