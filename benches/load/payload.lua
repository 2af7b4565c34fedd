-- wrk: POST a GiroCode payload as a raw text body.
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain"
wrk.body = "BCD\n002\n1\nSCT\n\nStadtkasse Musterstadt\nDE02120300000000202051\nEUR25\nGOVT\n\nKassenzeichen 5.1234.567890.1 Verwarnungsgeld Parken"
