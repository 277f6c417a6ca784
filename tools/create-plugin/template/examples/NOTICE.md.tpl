# Example data

`example.csv` was generated together with this plugin (a linear ramp y = 2x). CC0-1.0.
Files copied from elsewhere must keep their licence notice here (only MIT, BSD, CC0/public domain).
