import os


def greet(name):
    message = "hello " + name
    if name == None:
        return "hello"
    return "hi " + name
