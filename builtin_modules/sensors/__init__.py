"""Built-in module ``builtin-sensors``: BME280 and INA219 on I2C, an NMEA GPS on serial."""
