"""Navigation pages. Each ``songda/ui/pages/<key>.py`` exposes ``class Page(QWidget)``
built as ``Page(ctx, parent)``; optional hooks: ``activated()`` (page shown),
``save_state()`` (window closing), and on the Import page ``import_paths(paths)``
(files dropped on the window)."""
