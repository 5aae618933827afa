print("workforce-emulator")
