package io.stackpilot.activities.database.sql;

/**
 * One statement of a dump as the server would run it: without its delimiter, plain comments replaced by a space,
 * and conditional comments the server would run ({@code /*!40101 … *}{@code /}) unwrapped to their text.
 *
 * @param line the dump's line the statement starts on, counted from 1
 * @param clientCommand it holds a backslash outside strings and comments: a command of the mariadb client
 *     ({@code \!} runs a shell), not SQL
 */
public record SqlStatement(String text, long line, boolean clientCommand) {}
