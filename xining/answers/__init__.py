"""What a user asks, as data: the one query path, comparisons and trends, inventories, citations,
diffs between bases, the dataset an export writes, validation.

Imports the cache and the base. Nothing here prints or words a figure for people: results are
typed values that the presentation layer turns into text.
"""
