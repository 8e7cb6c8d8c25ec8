/** A user's module: it requires the API module only; the port (org.threadrt.ffm) comes by service binding. */
module org.threadrt.consumer {
    requires org.threadrt;
}
