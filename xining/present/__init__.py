"""How an answer reaches a person or a program: figure wording and the one sanitiser, the documents
results become (views), the one output layer, the terminal renderer (Rich), and the export writers.

Imports the answers, the cache and the base; the command-line interface (`xining.cli`) sits above.
"""
