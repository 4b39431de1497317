package dev.hubresponder.config;

/** A configuration value is missing or wrong; the message names the variable and says what it should be. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
