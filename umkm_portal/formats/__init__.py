"""The portal's date formats per language (settings.FORMAT_MODULE_PATH), over Django's own.

Day before month in both languages, for reading and for writing: 04/01/2027 is 4 January in the
English admin too (Django's English reads it as 1 April, and its Indonesian falls back to
month-first for what day-first cannot read). Only the names given here replace Django's; the
rest (month names, number separators) stay the language's.
"""
