// The page works without JavaScript; the interactive version replaces this file.
