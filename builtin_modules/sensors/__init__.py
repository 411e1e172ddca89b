"""Built-in module ``builtin-sensors``: BME280, INA219 and INA226 on I2C, an NMEA GPS on serial."""
