print("sovereign")
